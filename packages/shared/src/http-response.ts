/**
 * Reading responses: the body in the shape the caller asked for, and, for failures, the
 * provider's own words and error code, whatever JSON dialect it speaks.
 */
import type { ResponseType } from "./http-types";

/** The provider's reply was announced, or asked for, as JSON but does not parse. */
export class InvalidJsonError extends Error {
  override readonly name = "InvalidJsonError";
}

/** `application/json`, and any `+json` type (`application/problem+json`, `application/vnd.api+json`). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/** Statuses whose responses never carry a body worth reading. */
function hasNoBody(status: number, method: string): boolean {
  return method === "HEAD" || status === 204 || status === 205 || status === 304;
}

/**
 * Reads a successful response as the caller asked: `json`, `text`, `bytes` (a `Uint8Array`) or
 * `stream` (the unread `ReadableStream`). Without a `responseType`, JSON when the Content-Type
 * says so and text otherwise, with an empty body as `undefined`. Throws `InvalidJsonError` when
 * JSON was expected and the body is not JSON.
 */
export async function readResponseBody(
  response: Response,
  responseType: ResponseType | undefined,
  method: string,
): Promise<unknown> {
  if (hasNoBody(response.status, method)) {
    await response.body?.cancel();
    return undefined;
  }
  switch (responseType) {
    case "stream":
      return response.body ?? undefined;
    case "bytes":
      return new Uint8Array(await response.arrayBuffer());
    case "text":
      return await response.text();
    case "json":
      return parseJson(await response.text());
    default: {
      const text = await response.text();
      if (text === "") return undefined;
      return isJsonContentType(response.headers.get("content-type")) ? parseJson(text) : text;
    }
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InvalidJsonError(`The response is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/**
 * Reads a failed response for its explanation: JSON when it parses (many providers send JSON
 * errors under a wrong Content-Type), the text otherwise, `undefined` when empty. Never throws
 * for a malformed body: the status is the news here.
 */
export async function readErrorBody(response: Response, method: string): Promise<unknown> {
  if (hasNoBody(response.status, method)) return undefined;
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (text.trim() === "") return undefined;
  const looksLikeJson =
    /^\s*[[{]/.test(text) || isJsonContentType(response.headers.get("content-type"));
  if (looksLikeJson) {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all: the text is the message.
    }
  }
  return text;
}

/** The longest provider message we quote. */
export const MAX_PROVIDER_MESSAGE_LENGTH = 500;

export interface ProviderError {
  message: string | undefined;
  code: string | undefined;
}

/**
 * The provider's message and error code from the common shapes: `message`, `error.message`,
 * `error_description`, `description` (Typeform), `error` (a string), `errors[0].message`, `detail`,
 * `title`; codes from
 * `error.code`, `error` (a string: Slack, OAuth), `code`, `errors[0].code`. A text body is its
 * own message. Messages are trimmed, whitespace collapsed, and cut at 500 characters.
 */
export function extractProviderError(body: unknown): ProviderError {
  if (typeof body === "string") return { message: cleanMessage(body), code: undefined };
  if (!isRecord(body)) return { message: undefined, code: undefined };
  return { message: cleanMessage(findMessage(body)), code: findCode(body) };
}

function findMessage(body: Record<string, unknown>): string | undefined {
  const error = body.error;
  const firstError = Array.isArray(body.errors) ? body.errors[0] : undefined;
  const candidates: unknown[] = [
    body.message,
    isRecord(error) ? error.message : undefined,
    body.error_description,
    body.description,
    error,
    isRecord(firstError) ? firstError.message : firstError,
    body.detail,
    body.title,
  ];
  return candidates.find(
    (candidate): candidate is string => typeof candidate === "string" && candidate.trim() !== "",
  );
}

function findCode(body: Record<string, unknown>): string | undefined {
  const error = body.error;
  const firstError = Array.isArray(body.errors) ? body.errors[0] : undefined;
  const candidates: unknown[] = [
    isRecord(error) ? error.code : undefined,
    error,
    body.code,
    isRecord(firstError) ? firstError.code : undefined,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === "string" && candidate.trim() !== "") return candidate;
    if (typeof candidate === "number") return String(candidate);
  }
  return undefined;
}

function cleanMessage(text: string | undefined): string | undefined {
  const cleaned = text?.replace(/\s+/g, " ").trim();
  if (!cleaned) return undefined;
  if (cleaned.length <= MAX_PROVIDER_MESSAGE_LENGTH) return cleaned;
  return `${cleaned.slice(0, MAX_PROVIDER_MESSAGE_LENGTH - 1)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
