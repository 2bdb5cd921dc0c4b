/**
 * Redaction: the one place that decides what a secret looks like. The logger, errors and the
 * CLI's dry-run all pass what they print through a `Redactor`.
 */
export const REDACTED = "[REDACTED]";

/** Keys whose values are secret whatever they contain (compared case-insensitively, `-`/`_` ignored). */
const SENSITIVE_KEYS = [
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "password",
  "passwd",
  "secret",
  "clientsecret",
  "signingsecret",
  "webhooksecret",
  "token",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "apikey",
  "xapikey",
  "privatekey",
  "stripesignature",
  "xhubsignature256",
  "xslacksignature",
  "webhooksignature",
  "codeverifier",
];

const sensitiveKeySet = new Set(SENSITIVE_KEYS);

export function isSensitiveKey(key: string): boolean {
  return sensitiveKeySet.has(key.toLowerCase().replace(/[-_]/g, ""));
}

/** Secrets shorter than this are not searched for inside text: too many false hits. */
const MIN_SECRET_LENGTH = 6;

export interface Redactor {
  /** Returns a deep copy of `value` with every known secret and sensitive key masked. */
  redact<T>(value: T): T;
  redactText(text: string): string;
  /** A new redactor that also knows these secret values. */
  with(secrets: Iterable<unknown>): Redactor;
}

export function createRedactor(secrets: Iterable<unknown> = []): Redactor {
  const values = collectSecretStrings(secrets);
  // Longest first, so that a secret that contains another is masked whole.
  values.sort((a, b) => b.length - a.length);

  const redactText = (text: string): string => {
    let result = text;
    for (const secret of values) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  };

  const redactValue = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === "string") return redactText(value);
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return "[Circular]";
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
    if (value instanceof Error) {
      return {
        name: value.name,
        message: redactText(value.message),
        ...("code" in value ? { code: (value as { code: unknown }).code } : {}),
      };
    }
    if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
    if (value instanceof Date) return value;
    if (isHeadersLike(value)) {
      const out: Record<string, string> = {};
      value.forEach((headerValue, key) => {
        out[key] = isSensitiveKey(key) ? REDACTED : redactText(headerValue);
      });
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      out[key] =
        isSensitiveKey(key) && entry !== undefined && entry !== null && entry !== ""
          ? REDACTED
          : redactValue(entry, seen);
    }
    return out;
  };

  return {
    redact: <T>(value: T) => redactValue(value, new WeakSet()) as T,
    redactText,
    with: (more) => createRedactor([...values, ...collectSecretStrings(more)]),
  };
}

function isHeadersLike(
  value: object,
): value is { forEach(callback: (value: string, key: string) => void): void } {
  return typeof Headers !== "undefined" && value instanceof Headers;
}

/** Pulls every string (and the strings inside objects) out of the given secret holders. */
function collectSecretStrings(secrets: Iterable<unknown>): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || value === undefined) return;
    if (typeof value === "string") {
      if (value.length >= MIN_SECRET_LENGTH) found.add(value);
      return;
    }
    if (typeof value === "object") {
      for (const entry of Object.values(value as Record<string, unknown>)) visit(entry, depth + 1);
    }
  };
  for (const secret of secrets) visit(secret, 0);
  return [...found];
}
