import { ConnectorError } from "@triggo/shared";

/**
 * A VALIDATION error naming the field, as the server answers it (`issues: [{ prop, message }]`):
 * `message` says what is wrong and how to fix it; `issue` is the short form for the field, the
 * message itself by default.
 */
export function invalidField(prop: string, message: string, issue = message): ConnectorError {
  return new ConnectorError("VALIDATION", message, {
    details: { issues: [{ prop, message: issue }] },
  });
}

/** `value` as an absolute http(s) URL, or undefined when it is not one. */
export function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}
