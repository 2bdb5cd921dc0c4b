import type { IncomingMessage, ServerResponse } from "node:http";
import { ConnectorError, type ErrorCode } from "@triggo/shared";

/** A failure the server answers itself: a status, a stable code, a message, maybe the issues. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The HTTP status each connector error code maps to in the management API. */
export const STATUS_BY_ERROR_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  AUTH_INVALID: 401,
  AUTH_EXPIRED: 401,
  SIGNATURE_INVALID: 401,
  PAYMENT_DECLINED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
  NETWORK: 502,
  ABORTED: 503,
  TIMEOUT: 504,
  CONFIGURATION: 500,
  UNKNOWN: 500,
};

export interface ErrorBody {
  error: { code: string; message: string; [key: string]: unknown };
}

/**
 * The status and JSON body for a failure. Connector errors keep their (redacted) message and, for
 * VALIDATION, the list of issues; anything else is an internal error whose message is not sent.
 */
export function errorAnswer(error: unknown): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  internal: boolean;
} {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...error.extra } },
      headers: error.headers,
      internal: false,
    };
  }
  if (ConnectorError.is(error)) {
    const status = STATUS_BY_ERROR_CODE[error.code] ?? 500;
    const issues = error.details?.issues;
    return {
      status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(Array.isArray(issues) ? { issues } : {}),
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        },
      },
      headers:
        error.retryAfterMs === undefined
          ? {}
          : { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) },
      internal: status >= 500 && error.code !== "UPSTREAM" && error.code !== "NETWORK",
    };
  }
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: "The server failed on this request." } },
    headers: {},
    internal: true,
  };
}

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/** Sends `body` as JSON (nothing for 204). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status, { "cache-control": "no-store", ...headers });
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...JSON_HEADERS,
    ...headers,
    "content-length": String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/**
 * Sends a webhook answer exactly as the runtime gave it: its status and headers, and its body as
 * is when it is text or bytes, else as JSON (with a JSON content type unless one was given).
 */
export function sendWebhookAnswer(
  response: ServerResponse,
  answer: { status: number; headers?: Record<string, string>; body?: unknown },
): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  let payload: Uint8Array | string | undefined;
  if (answer.body === undefined || answer.body === null) payload = undefined;
  else if (typeof answer.body === "string" || answer.body instanceof Uint8Array) {
    payload = answer.body;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else {
    payload = JSON.stringify(answer.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  headers["content-length"] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
  response.writeHead(answer.status, headers);
  response.end(payload);
}

/**
 * Reads the body's exact bytes, refusing (413) as soon as it goes past `maxBytes`, by its declared
 * length or while it streams in; past the limit nothing more is kept.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new HttpError(
      413,
      "PAYLOAD_TOO_LARGE",
      `The request body is larger than the ${maxBytes} bytes this server takes; nothing was stored.`,
      { maxBytes },
      { connection: "close" },
    );
  const declared = request.headers["content-length"];
  if (declared !== undefined) {
    if (!/^\d+$/.test(declared)) {
      return Promise.reject(
        new HttpError(400, "BAD_REQUEST", "The Content-Length header is not a number."),
      );
    }
    if (Number(declared) > maxBytes) return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (work: () => void) => {
      if (settled) return;
      settled = true;
      request.off("data", onData);
      work();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        settle(() => {
          chunks.length = 0;
          request.pause();
          reject(tooLarge());
        });
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => settle(() => resolve(new Uint8Array(Buffer.concat(chunks)))));
    request.once("error", (error) =>
      settle(() =>
        reject(
          new HttpError(400, "BAD_REQUEST", `The request body could not be read: ${error.message}`),
        ),
      ),
    );
  });
}

/** Parses a JSON object body; a clear 400 naming the problem otherwise. */
export function parseJsonObject(
  raw: Uint8Array,
  contentType: string | undefined,
): Record<string, unknown> {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType && mediaType !== "application/json" && !mediaType.endsWith("+json")) {
    throw new HttpError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the body as application/json, not ${mediaType}.`,
    );
  }
  const text = Buffer.from(raw).toString("utf8");
  if (text.trim() === "") {
    throw new HttpError(400, "BAD_REQUEST", "The request body is empty: send a JSON object.");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      "BAD_REQUEST",
      `The request body is not valid JSON: ${jsonProblem(error)}.`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(
      400,
      "BAD_REQUEST",
      `The request body must be a JSON object, not ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}.`,
    );
  }
  return value as Record<string, unknown>;
}

/** JSON.parse's complaint without the quoted excerpt of the body (which may hold a secret). */
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/,\s*".*" is not valid JSON$/s, "").replace(/\.$/, "");
}
