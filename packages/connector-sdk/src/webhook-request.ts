/** An incoming webhook delivery, as every trigger hook sees it. */
export interface WebhookRequest {
  method: string;
  /** The full URL the request was sent to. */
  url: string;
  /** Header names in lowercase; repeated headers joined with ", ". */
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The exact bytes received: signatures are computed over these. */
  rawBody: Uint8Array;
  /** The body parsed by its content type: JSON, or a URL-encoded form as an object; else the text. */
  body: unknown;
}

/** What the ingress answers the provider (a handshake's challenge, or an acknowledgement). */
export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface WebhookRequestInit {
  method?: string;
  url: string;
  headers?: Record<string, string | string[] | undefined> | Headers;
  body?: string | Uint8Array;
}

const decoder = new TextDecoder();

function normalizeHeaders(headers: WebhookRequestInit["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
    return out;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseBody(contentType: string, text: string): unknown {
  if (text === "") return undefined;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/json" || mediaType.endsWith("+json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (mediaType === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return text;
}

/** Builds a `WebhookRequest` from what an HTTP server received. */
export function createWebhookRequest(init: WebhookRequestInit): WebhookRequest {
  const headers = normalizeHeaders(init.headers);
  const rawBody =
    init.body === undefined
      ? new Uint8Array()
      : typeof init.body === "string"
        ? new TextEncoder().encode(init.body)
        : init.body;
  const url = new URL(init.url);
  return {
    method: (init.method ?? "POST").toUpperCase(),
    url: url.toString(),
    headers,
    query: Object.fromEntries(url.searchParams),
    rawBody,
    body: parseBody(headers["content-type"] ?? "", decoder.decode(rawBody)),
  };
}
