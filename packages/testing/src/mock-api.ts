import { HttpResponse, http, RequestHandler } from "msw";
import { type SetupServer, setupServer } from "msw/node";

/** One request the code under test sent, as the provider would have received it. */
export interface RecordedCall {
  method: string;
  /** The full URL, query included. */
  url: string;
  /** Origin and path, without the query: `https://slack.com/api/chat.postMessage`. */
  endpoint: string;
  path: string;
  /** Query parameters; a repeated key keeps every value in order. */
  query: Record<string, string | string[]>;
  /** Header names in lowercase. */
  headers: Record<string, string>;
  /** The exact body text ("" when none). */
  rawBody: string;
  /**
   * The body parsed by its content type: JSON, a URL-encoded form as flat `key → value` pairs
   * (bracket keys kept as sent, e.g. `metadata[order]`), multipart as its field names and file
   * names, or the text.
   */
  body: unknown;
}

export interface MockApi {
  /** Every call so far, in order. */
  readonly calls: readonly RecordedCall[];
  /** The last call, or an error naming what was expected when there is none. */
  lastCall(): RecordedCall;
  /** Calls whose method and endpoint (or path) match. */
  callsTo(method: string, endpointOrPath: string): RecordedCall[];
  /** Adds handlers in front of the initial ones, until `reset`. */
  use(...handlers: RequestHandler[]): void;
  /** Forgets the calls and the handlers added with `use`. */
  reset(): void;
  listen(): void;
  close(): void;
  /** Requests no handler answered since the last reset; each fails the test. */
  readonly unhandled: readonly string[];
  readonly server: SetupServer;
}

function toQuery(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

async function parseBody(request: Request): Promise<{ rawBody: string; body: unknown }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    const form = await request.formData();
    const body: Record<string, unknown> = {};
    for (const [key, value] of form) {
      body[key] =
        typeof value === "string"
          ? value
          : { filename: value.name, type: value.type, size: value.size, text: await value.text() };
    }
    return { rawBody: "", body };
  }
  const rawBody = await request.text();
  if (rawBody === "") return { rawBody, body: undefined };
  if (contentType.includes("json")) {
    try {
      return { rawBody, body: JSON.parse(rawBody) };
    } catch {
      return { rawBody, body: rawBody };
    }
  }
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    const body: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(rawBody)) {
      const existing = body[key];
      if (existing === undefined) body[key] = value;
      else body[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return { rawBody, body };
  }
  return { rawBody, body: rawBody };
}

/**
 * An msw server that mocks a provider's API and records every request it receives, so tests can
 * assert the exact outgoing request. Requests no handler answers are errors: nothing reaches the
 * network.
 */
export function createMockApi(...handlers: RequestHandler[]): MockApi {
  const calls: RecordedCall[] = [];
  const unhandled: string[] = [];
  // A catch-all that records every request, then falls through to the real handlers. msw treats
  // a request that any handler matched as handled (and would let it through to the network), so
  // the recorder itself refuses requests that no other handler matches.
  const recorded = new Set<string>();
  const recorder = http.all("*", async ({ request, requestId }) => {
    // `use` puts the recorder in front again; a request that falls through sees it twice.
    if (recorded.has(requestId)) return undefined;
    recorded.add(requestId);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    calls.push({
      method: request.method,
      url: url.toString(),
      endpoint: `${url.origin}${url.pathname}`,
      path: url.pathname,
      query: toQuery(url),
      headers,
      ...(await parseBody(request.clone())),
    });
    if (!(await hasHandlerFor(request))) {
      unhandled.push(`${request.method} ${request.url}`);
      return HttpResponse.error();
    }
    return undefined;
  });
  const hasHandlerFor = async (request: Request): Promise<boolean> => {
    for (const handler of server.listHandlers()) {
      if (handler === recorder || !(handler instanceof RequestHandler)) continue;
      const once = (handler as unknown as { options?: { once?: boolean } }).options?.once;
      if (handler.isUsed && once) continue;
      if (await handler.test({ request: request.clone() })) return true;
    }
    return false;
  };
  const server = setupServer(recorder, ...handlers);

  return {
    calls,
    unhandled,
    server,
    lastCall() {
      const call = calls.at(-1);
      if (!call) throw new Error("No request was sent to the mock API.");
      return call;
    },
    callsTo(method, endpointOrPath) {
      return calls.filter(
        (call) =>
          call.method === method.toUpperCase() &&
          (call.endpoint === endpointOrPath || call.path === endpointOrPath),
      );
    },
    use(...extra) {
      // Keep the recorder first so that it sees every request.
      server.use(recorder, ...extra);
    },
    reset() {
      calls.length = 0;
      recorded.clear();
      unhandled.length = 0;
      server.resetHandlers();
    },
    listen() {
      // The recorder answers every request, so msw's own unhandled-request check never fires;
      // "error" stays as a second guard.
      server.listen({ onUnhandledRequest: "error" });
    },
    close() {
      server.close();
    },
  };
}
