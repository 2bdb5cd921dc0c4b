import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createWebhookRequest } from "@triggo/connector-sdk";
import { createLogger, createRedactor, type Logger, redactLogger } from "@triggo/shared";
import type { Runtime } from "./runtime";
import { type ApiRoute, createApiRoutes, matchRoute, pathSegments } from "./server-api";
import { createApiKeyCheck } from "./server-auth";
import {
  errorAnswer,
  HttpError,
  parseJsonObject,
  readBody,
  sendJson,
  sendWebhookAnswer,
} from "./server-http";

/** The largest request body taken by default: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface RuntimeServerOptions {
  /** The keys the management API (`/api/...`) takes as `Authorization: Bearer <key>`. */
  apiKeys: readonly string[];
  /** Larger bodies are refused with 413, unread past the limit. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Default: warnings and errors as JSON lines on stderr. Records are redacted (API keys too). */
  logger?: Logger;
  /**
   * The URL providers reach this server at (the runtime's `publicUrl`): the base of the URL a
   * delivery is handed over with. Default: `http://` and the request's Host header.
   */
  publicUrl?: string;
  /**
   * App settings for `/webhooks/apps/:connector`, by connector (e.g. Slack's signingSecret).
   * Default: those of the connector's latest auth config that has them.
   */
  appConfigs?: Record<string, Record<string, string | undefined>>;
  /**
   * Serves what is neither `/api` nor `/webhooks` (the dashboard): resolves true when it answered
   * the request, false to let the server answer 404.
   */
  pages?: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;
}

export interface RuntimeServer {
  /** Starts listening; `port` 0 picks a free one. Resolves with the base URL. */
  listen(port: number, host?: string): Promise<{ url: string }>;
  /** Stops taking connections and waits for the requests under way (up to 10 s). */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 10_000;

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/**
 * The runtime over HTTP, on `node:http`:
 *
 * - `POST /webhooks/:triggerId` and `POST /webhooks/apps/:connector`: provider deliveries, handed
 *   to the ingress with their exact bytes; the answer is the ingress's, as is.
 * - `/api/...`: the management API (trigger types, triggers, connected accounts), JSON, behind
 *   `Authorization: Bearer <api key>`; `GET /api/health` needs no key.
 *
 * The server does not own the runtime: `close()` leaves it open.
 */
export function createRuntimeServer(
  runtime: Runtime,
  options: RuntimeServerOptions,
): RuntimeServer {
  const authorized = createApiKeyCheck(options.apiKeys ?? []);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new TypeError(`maxBodyBytes must be a positive integer; got ${String(maxBodyBytes)}.`);
  }
  const logger = redactLogger(
    (options.logger ?? createLogger({ level: "warn" })).child({ component: "triggo-server" }),
    createRedactor(options.apiKeys),
  );
  const publicUrl = options.publicUrl?.replace(/\/+$/, "");
  const routes: ApiRoute[] = createApiRoutes(runtime);

  /** The URL the provider sent to: the public base, and the path and query received. */
  const deliveryUrl = (request: IncomingMessage, url: URL) => {
    const base = publicUrl ?? `http://${request.headers.host ?? "localhost"}`;
    return `${base}${url.pathname}${url.search}`;
  };

  const webhook = async (
    request: IncomingMessage,
    response: ServerResponse,
    segments: readonly string[],
    url: URL,
  ): Promise<void> => {
    const app = segments.length === 3 && segments[1] === "apps";
    if (!app && segments.length !== 2) {
      throw new HttpError(
        404,
        "NOT_FOUND",
        "Deliver webhooks to /webhooks/{triggerId} or /webhooks/apps/{connector}.",
      );
    }
    if (request.method !== "POST") {
      throw new HttpError(
        405,
        "METHOD_NOT_ALLOWED",
        `Webhook deliveries are POSTed, not sent with ${request.method}.`,
        {},
        { allow: "POST" },
      );
    }
    const rawBody = await readBody(request, maxBodyBytes);
    let delivery: ReturnType<typeof createWebhookRequest>;
    try {
      delivery = createWebhookRequest({
        method: request.method,
        url: deliveryUrl(request, url),
        headers: request.headers,
        body: rawBody,
      });
    } catch (error) {
      throw new HttpError(
        400,
        "BAD_REQUEST",
        `The delivery's URL could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const answer = app
      ? await runtime.ingress.receiveApp(segments[2]!, delivery, options.appConfigs?.[segments[2]!])
      : await runtime.ingress.receive(segments[1]!, delivery);
    sendWebhookAnswer(response, answer);
  };

  /** Open event streams, ended when the server closes. */
  const streams = new Set<() => void>();

  /**
   * `GET /api/events/stream`: server-sent events, `event: event` for each stored event and
   * `event: lifecycle` for each lifecycle event, filtered like `subscribe` (`triggerId`, `slug`,
   * `userId`), with a comment every 15 s to keep proxies from closing it.
   */
  const eventStream = (
    request: IncomingMessage,
    response: ServerResponse,
    query: URLSearchParams,
  ) => {
    const triggerIds = query.getAll("triggerId").filter(Boolean);
    const slugs = query.getAll("slug").filter(Boolean);
    const userIds = query.getAll("userId").filter(Boolean);
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    });
    response.write(": connected\n\n");
    const send = (type: string, id: string, data: unknown) =>
      response.write(`event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
    const unsubscribe = runtime.subscribe((event) => void send("event", event.id, event), {
      ...(triggerIds.length ? { triggerIds } : {}),
      ...(slugs.length ? { slugs } : {}),
      ...(userIds.length ? { userIds } : {}),
    });
    const unsubscribeLifecycle = runtime.subscribeLifecycle((event) => {
      if (userIds.length && !userIds.includes(event.userId)) return;
      if (event.type === "trigger.disabled") {
        if (triggerIds.length && !triggerIds.includes(event.triggerId)) return;
        if (slugs.length && !slugs.map((slug) => slug.toUpperCase()).includes(event.slug)) return;
      } else if (triggerIds.length || slugs.length) return;
      send("lifecycle", `${event.type}:${event.at.toISOString()}`, event);
    });
    const keepAlive = setInterval(() => response.write(": keep-alive\n\n"), 15_000);
    keepAlive.unref();
    const end = () => {
      clearInterval(keepAlive);
      unsubscribe();
      unsubscribeLifecycle();
      streams.delete(end);
      if (!response.writableEnded) response.end();
    };
    streams.add(end);
    request.once("close", end);
  };

  /**
   * `GET /oauth/callback`: where the provider sends the user back. Creates the account, then
   * sends the browser on to the `callbackUrl` the flow was started with (`status=success` and
   * `connectedAccountId`, or `status=failed`, `error` and `message`); without one, a short page.
   */
  const oauthCallback = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      throw new HttpError(
        405,
        "METHOD_NOT_ALLOWED",
        `Use GET, not ${request.method}.`,
        {},
        { allow: "GET" },
      );
    }
    const query = url.searchParams;
    const outcome = await runtime.connectedAccounts.completeOAuth({
      state: query.get("state"),
      code: query.get("code"),
      error: query.get("error"),
      error_description: query.get("error_description"),
    });
    if (outcome.callbackUrl) {
      const next = new URL(outcome.callbackUrl);
      next.searchParams.set("status", outcome.status);
      if (outcome.status === "success") {
        next.searchParams.set("connectedAccountId", outcome.connectedAccount.id);
      } else {
        next.searchParams.set("error", outcome.error.code);
        next.searchParams.set("message", outcome.error.message);
      }
      response.writeHead(303, { location: next.toString(), "cache-control": "no-store" });
      response.end();
      return;
    }
    const [status, title, text] =
      outcome.status === "success"
        ? [
            200,
            "Account connected",
            `Connected account ${outcome.connectedAccount.id} is ready. You may close this window.`,
          ]
        : [400, "Connection failed", outcome.error.message];
    response.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'",
    });
    response.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></html>`,
    );
  };

  const api = async (
    request: IncomingMessage,
    response: ServerResponse,
    segments: readonly string[],
    query: URLSearchParams,
  ): Promise<void> => {
    const method = request.method ?? "GET";
    if (segments.length === 2 && segments[1] === "health") {
      if (method !== "GET" && method !== "HEAD") {
        throw new HttpError(
          405,
          "METHOD_NOT_ALLOWED",
          `Use GET, not ${method}.`,
          {},
          { allow: "GET, HEAD" },
        );
      }
      await runtime.database.query("SELECT 1");
      sendJson(response, 200, { status: "ok" });
      return;
    }
    if (!authorized(request.headers.authorization)) {
      throw new HttpError(
        401,
        "UNAUTHORIZED",
        request.headers.authorization
          ? "The API key is not valid."
          : "Send an API key: Authorization: Bearer <key>.",
        {},
        { "www-authenticate": 'Bearer realm="triggo"' },
      );
    }
    if (segments.length === 3 && segments[1] === "events" && segments[2] === "stream") {
      if (method !== "GET") {
        throw new HttpError(
          405,
          "METHOD_NOT_ALLOWED",
          `Use GET, not ${method}.`,
          {},
          { allow: "GET" },
        );
      }
      eventStream(request, response, query);
      return;
    }
    for (const route of routes) {
      const params = matchRoute(route.pattern, segments);
      if (!params) continue;
      const handler = route.methods[method as keyof ApiRoute["methods"]];
      if (!handler) {
        const allow = Object.keys(route.methods).join(", ");
        throw new HttpError(
          405,
          "METHOD_NOT_ALLOWED",
          `${method} is not allowed on ${route.pattern}; use ${allow}.`,
          {},
          { allow },
        );
      }
      const declared = request.headers["content-length"];
      const answer = await handler({
        params,
        query,
        hasBody:
          (declared !== undefined && declared !== "0") ||
          request.headers["transfer-encoding"] !== undefined,
        body: async () =>
          parseJsonObject(await readBody(request, maxBodyBytes), request.headers["content-type"]),
      });
      sendJson(response, answer.status, answer.body);
      return;
    }
    throw new HttpError(404, "NOT_FOUND", `No route ${method} ${"/" + segments.join("/")}.`);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = Date.now();
    let path = "?";
    try {
      const url = new URL(request.url ?? "/", "http://localhost");
      path = url.pathname;
      const segments = pathSegments(url.pathname);
      if (segments[0] === "webhooks") await webhook(request, response, segments, url);
      else if (segments[0] === "api") await api(request, response, segments, url.searchParams);
      else if (segments[0] === "oauth" && segments[1] === "callback" && segments.length === 2) {
        await oauthCallback(request, response, url);
      } else if (!(options.pages && (await options.pages(request, response, url)))) {
        throw new HttpError(
          404,
          "NOT_FOUND",
          "Nothing here: the API is under /api, webhook deliveries go to /webhooks.",
        );
      }
    } catch (error) {
      const answer = errorAnswer(error);
      if (answer.internal) {
        logger.error("A request failed.", {
          method: request.method,
          path,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (response.headersSent) response.destroy();
      else {
        if (answer.status === 413 && !request.complete) {
          // Read no further: once the answer is out, the connection goes.
          response.once("finish", () => request.socket.destroy());
        }
        sendJson(response, answer.status, answer.body, answer.headers);
      }
    } finally {
      logger.debug("Answered a request.", {
        method: request.method,
        path,
        status: response.statusCode,
        ms: Date.now() - started,
      });
    }
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  // A client that stops sending its headers or body is dropped.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;

  return {
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shown}:${address.port}` });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        for (const end of [...streams]) end();
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
