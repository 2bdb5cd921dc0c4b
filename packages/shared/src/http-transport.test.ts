/**
 * The transport against a real loopback server, MSW off: Node's own fetch must accept the npm
 * undici Agent as `dispatcher` and keep connections alive; streams outlive the attempt timeout.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, getSharedDispatcher } from "./http";

let server: Server;
let baseUrl: string;
let connections = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/slow-stream") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("first;");
      setTimeout(() => response.end("second"), 120);
      return;
    }
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ path: request.url, userAgent: request.headers["user-agent"] }));
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** An undici 7 Agent that counts the requests Node's fetch hands it. */
class CountingAgent extends Agent {
  dispatched = 0;
  override dispatch(
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): boolean {
    this.dispatched += 1;
    return super.dispatch(options, handler);
  }
}

describe("the undici dispatcher with Node's global fetch", () => {
  it("runs requests through a given undici 7 Agent and reuses its connections", async () => {
    const agent = new CountingAgent({ keepAliveTimeout: 10_000 });
    const before = connections;
    const api = createHttpClient({ baseUrl, dispatcher: agent });
    for (let index = 0; index < 6; index++) {
      const response = await api.get<{ path: string }>(`/items/${index}`);
      expect(response.body.path).toBe(`/items/${index}`);
    }
    expect(agent.dispatched).toBe(6);
    expect(connections - before).toBeLessThan(6);
    await agent.close();
  });

  it("passes the shared keep-alive Agent by default, and it works", async () => {
    const dispatchers: unknown[] = [];
    const api = createHttpClient({
      baseUrl,
      fetch: (input, init) => {
        dispatchers.push((init as { dispatcher?: unknown }).dispatcher);
        return globalThis.fetch(input, init);
      },
    });
    const response = await api.get<{ userAgent: string }>("/shared");
    expect(response.body.userAgent).toMatch(/^triggo\//);
    expect(dispatchers[0]).toBeInstanceOf(Agent);
    expect(dispatchers[0]).toBe(await getSharedDispatcher());
  });

  it("falls back to fetch's own pooling when the runtime refuses the Agent", async () => {
    const dispatchers: unknown[] = [];
    const refusingFetch: typeof fetch = async (input, init) => {
      const dispatcher = (init as { dispatcher?: unknown }).dispatcher;
      dispatchers.push(dispatcher);
      if (dispatcher) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("invalid onRequestStart method"), {
            code: "UND_ERR_INVALID_ARG",
          }),
        });
      }
      return globalThis.fetch(input, init);
    };
    const api = createHttpClient({ baseUrl, fetch: refusingFetch, retry: false });
    expect((await api.get("/first")).status).toBe(200);
    expect((await api.get("/second")).status).toBe(200);
    expect(dispatchers.map((dispatcher) => dispatcher !== undefined)).toEqual([true, false, false]);
  });
});

describe("streams", () => {
  it("lets the caller read a stream for longer than the attempt timeout", async () => {
    const api = createHttpClient({ baseUrl, timeoutMs: 50 });
    const response = await api.get<ReadableStream<Uint8Array>>("/slow-stream", {
      responseType: "stream",
    });
    expect(await new Response(response.body).text()).toBe("first;second");
  });

  it("still cancels the stream when the caller aborts", async () => {
    const controller = new AbortController();
    const api = createHttpClient({ baseUrl });
    const response = await api.get<ReadableStream<Uint8Array>>("/slow-stream", {
      responseType: "stream",
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(new Response(response.body).text()).rejects.toThrow();
  });
});

describe("attempt timeouts on the native fetch", () => {
  it("are enforced by the connection pool, as TIMEOUT", async () => {
    const slow = createServer((_request, response) => {
      setTimeout(() => response.end("{}"), 300);
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const api = createHttpClient({
        baseUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
        timeoutMs: 60,
        retry: false,
      });
      const started = performance.now();
      await expect(api.get("/slow")).rejects.toMatchObject({ code: "TIMEOUT", retryable: true });
      expect(performance.now() - started).toBeLessThan(250);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});

describe("long-lived caller signals", () => {
  it("keep no listener once each call is over", async () => {
    const controller = new AbortController();
    const added: string[] = [];
    const removed: string[] = [];
    const { signal } = controller;
    const addEventListener = signal.addEventListener.bind(signal) as (...args: unknown[]) => void;
    const removeEventListener = signal.removeEventListener.bind(signal) as (
      ...args: unknown[]
    ) => void;
    signal.addEventListener = ((...args: unknown[]) => {
      added.push(String(args[0]));
      addEventListener(...args);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...args: unknown[]) => {
      removed.push(String(args[0]));
      removeEventListener(...args);
    }) as typeof signal.removeEventListener;
    const api = createHttpClient({ baseUrl });
    for (let index = 0; index < 5; index++) await api.get("/ok", { signal });
    expect(added).toHaveLength(5);
    expect(removed).toHaveLength(5);
  });
});

describe("calls on the native fetch go out through undici's own request", () => {
  let direct: Server;
  let directUrl: string;
  let directConnections = 0;
  const received: {
    method: string;
    url: string;
    headers: Record<string, unknown>;
    body: string;
  }[] = [];

  beforeAll(async () => {
    direct = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        received.push({
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headers,
          body,
        });
        if (request.url === "/moved") {
          response.writeHead(302, { location: "/target" });
          response.end();
          return;
        }
        if (request.url === "/missing") {
          response.writeHead(404, { "content-type": "application/json" });
          response.end(JSON.stringify({ message: "No such thing" }));
          return;
        }
        if (request.url === "/empty") {
          response.writeHead(204);
          response.end();
          return;
        }
        response.writeHead(200, { "content-type": "application/json", "x-request-id": "r-1" });
        response.end(JSON.stringify({ path: request.url, body }));
      });
    });
    direct.on("connection", () => {
      directConnections += 1;
    });
    await new Promise<void>((resolve) => direct.listen(0, "127.0.0.1", resolve));
    directUrl = `http://127.0.0.1:${(direct.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    direct.closeAllConnections();
    await new Promise((resolve) => direct.close(resolve));
  });

  it("sends the method, path, query, headers and JSON or form bodies, and reads the answer", async () => {
    received.length = 0;
    const api = createHttpClient({
      baseUrl: directUrl,
      auth: { type: "bearer", token: "token-123456" },
    });
    const json = await api.post<{ path: string; body: string }>(
      "/items",
      { json: { name: "a" } },
      { query: { tag: ["x", "y"] } },
    );
    expect(json.status).toBe(200);
    expect(json.body).toEqual({ path: "/items?tag=x&tag=y", body: '{"name":"a"}' });
    expect(json.headers.get("x-request-id")).toBe("r-1");
    expect(json.url).toBe(`${directUrl}/items?tag=x&tag=y`);
    expect(received[0]).toMatchObject({
      method: "POST",
      headers: {
        authorization: "Bearer token-123456",
        "content-type": "application/json",
        accept: "application/json",
        "user-agent": expect.stringMatching(/^triggo\//),
      },
    });
    const form = await api.post<{ body: string }>("/form", { form: { metadata: { a: "1" } } });
    expect(form.body.body).toBe("metadata[a]=1");
    expect(received[1]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("follows redirects, maps failures, and reads empty answers", async () => {
    const api = createHttpClient({ baseUrl: directUrl, retry: false });
    await expect(api.get<{ path: string }>("/moved")).resolves.toMatchObject({
      status: 200,
      body: { path: "/target" },
    });
    await expect(api.get("/missing")).rejects.toMatchObject({
      code: "NOT_FOUND",
      status: 404,
      message: expect.stringContaining("No such thing"),
    });
    await expect(api.delete("/empty")).resolves.toMatchObject({ status: 204, body: undefined });
  });

  it("keeps connections alive across calls", async () => {
    const api = createHttpClient({ baseUrl: directUrl });
    await api.get("/warm");
    const before = directConnections;
    for (let index = 0; index < 5; index++) await api.get(`/again/${index}`);
    expect(directConnections - before).toBe(0);
  });

  it("stops at once when the caller aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    const api = createHttpClient({ baseUrl: directUrl });
    await expect(api.get("/never", { signal: controller.signal })).rejects.toMatchObject({
      code: "ABORTED",
    });
  });
});
