import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "./errors";
import { createHttpClient, httpFailureMessage } from "./http";
import type { AuthProvider, HttpClientOptions } from "./http-types";
import type { Logger } from "./logger";
import { SHARED_VERSION } from "./version";

const BASE = "https://api.example.com";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** Answers every request to `BASE/*` (any method) with `answer`, and records what arrived. */
function answerAll(answer: (seen: Seen, index: number) => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(`${BASE}/*`, async ({ request }) => {
      const entry: Seen = {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await request.clone().text(),
      };
      seen.push(entry);
      return answer(entry, seen.length - 1);
    }),
  );
  return seen;
}

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ baseUrl: BASE, sleep: async () => {}, ...options });
}

async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (ConnectorError.is(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("URLs and query strings", () => {
  it("joins the base URL and path with one slash, and encodes the query", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    await createHttpClient({ baseUrl: `${BASE}/v1/` }).get("/users/42", {
      query: {
        q: "a b&c",
        tags: ["x", "y"],
        draft: false,
        archived: true,
        limit: 10,
        skippedNull: null,
        skippedUndefined: undefined,
      },
    });
    expect(seen[0]?.url.toString()).toBe(
      `${BASE}/v1/users/42?q=a+b%26c&tags=x&tags=y&draft=false&archived=true&limit=10`,
    );
  });

  it("keeps a query already in the path and adds the rest", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    await client().get("search?sort=new", { query: { page: 2 } });
    expect(seen[0]?.url.toString()).toBe(`${BASE}/search?sort=new&page=2`);
  });

  it("uses an absolute URL in the path as it is", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    await createHttpClient({ baseUrl: "https://other.example.org/api" }).get(
      `${BASE}/repositories/1/issues?page=3`,
    );
    expect(seen[0]?.url.toString()).toBe(`${BASE}/repositories/1/issues?page=3`);
  });

  it("refuses a relative path without a base URL, and a GET with a body", async () => {
    const noBase = await failureOf(createHttpClient().get("/users"));
    expect(noBase.code).toBe("CONFIGURATION");
    const getWithBody = await failureOf(client().request({ path: "/x", body: { json: {} } }));
    expect(getWithBody).toMatchObject({
      code: "CONFIGURATION",
      message: "GET /x cannot carry a body.",
    });
  });
});

describe("headers", () => {
  it("sends Accept and a versioned User-Agent by default", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    await client().get("/me");
    expect(seen[0]?.headers.get("accept")).toBe("application/json");
    expect(seen[0]?.headers.get("user-agent")).toBe(`triggo/${SHARED_VERSION}`);
    expect(SHARED_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("merges client and request headers by name, the request winning and undefined removing", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    const api = client({
      userAgent: "triggo-github/1.2 triggo/0.1.0",
      headers: { "X-GitHub-Api-Version": "2022-11-28", "x-team": "core", "X-Drop": "me" },
    });
    await api.get("/me", {
      headers: { "x-github-api-version": "2026-03-10", "X-Drop": undefined, Accept: undefined },
    });
    const headers = seen[0]?.headers;
    expect(headers?.get("x-github-api-version")).toBe("2026-03-10");
    expect(headers?.get("x-team")).toBe("core");
    expect(headers?.has("x-drop")).toBe(false);
    expect(headers?.get("user-agent")).toBe("triggo-github/1.2 triggo/0.1.0");
    // `undefined` removed the default Accept (on the wire, fetch then adds its own `*/*`).
    expect(headers?.get("accept") ?? "*/*").toBe("*/*");
  });

  it("extend() merges headers case-insensitively and leaves the parent as it was", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    const parent = client({ headers: { "X-One": "1", Accept: "application/vnd.github+json" } });
    const child = parent.extend({
      baseUrl: `${BASE}/v2`,
      headers: { accept: "text/csv", "X-Two": "2" },
    });
    await child.get("/report");
    await parent.get("/report");
    expect(seen.map((entry) => entry.url.pathname)).toEqual(["/v2/report", "/report"]);
    expect(seen[0]?.headers.get("accept")).toBe("text/csv");
    expect(seen[0]?.headers.get("x-one")).toBe("1");
    expect(seen[0]?.headers.get("x-two")).toBe("2");
    expect(seen[1]?.headers.get("accept")).toBe("application/vnd.github+json");
    expect(seen[1]?.headers.has("x-two")).toBe(false);
    expect(child.options.headers).toEqual({ "X-One": "1", accept: "text/csv", "X-Two": "2" });
  });
});

describe("request bodies", () => {
  it("sends JSON", async () => {
    const seen = answerAll(() => HttpResponse.json({ id: 1 }, { status: 201 }));
    const response = await client().post("/items", { json: { name: "Ada", tags: ["a"] } });
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.headers.get("content-type")).toBe("application/json");
    expect(seen[0]?.body).toBe('{"name":"Ada","tags":["a"]}');
    expect(response).toMatchObject({ status: 201, body: { id: 1 }, attempts: 1 });
  });

  it("sends a form in Stripe's bracket notation", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    await client().post("/v1/checkout/sessions", {
      form: {
        mode: "payment",
        line_items: [{ price: "price_1", quantity: 2 }],
        metadata: { order: "A 1" },
        expand: ["customer", "invoice"],
        livemode: false,
        skipped: undefined,
      },
    });
    expect(seen[0]?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(seen[0]?.body).toBe(
      "mode=payment&line_items[0][price]=price_1&line_items[0][quantity]=2" +
        "&metadata[order]=A+1&expand[0]=customer&expand[1]=invoice&livemode=false",
    );
  });

  it("sends multipart parts with the boundary fetch chose", async () => {
    let parts: FormData | undefined;
    let contentType: string | null = null;
    server.use(
      http.post(`${BASE}/files`, async ({ request }) => {
        contentType = request.headers.get("content-type");
        parts = await request.formData();
        return HttpResponse.json({ ok: true });
      }),
    );
    await client().post(
      "/files",
      {
        multipart: [
          { name: "purpose", value: "dispute_evidence" },
          {
            name: "file",
            filename: "receipt.txt",
            contentType: "text/plain",
            data: new TextEncoder().encode("paid"),
          },
        ],
      },
      { headers: { "Content-Type": "multipart/form-data" } },
    );
    expect(contentType).toMatch(/^multipart\/form-data; boundary=.+/);
    expect(parts?.get("purpose")).toBe("dispute_evidence");
    const file = parts?.get("file") as File;
    expect(file.name).toBe("receipt.txt");
    expect(file.type).toBe("text/plain");
    expect(await file.text()).toBe("paid");
  });

  it("sends raw text and bytes with their content types", async () => {
    const seen = answerAll(() => new HttpResponse(null, { status: 204 }));
    await client().put("/raw", { raw: "<xml/>", contentType: "application/xml" });
    await client().put("/bytes", { raw: new Uint8Array([1, 2, 3]) });
    expect(seen[0]?.headers.get("content-type")).toBe("application/xml");
    expect(seen[0]?.body).toBe("<xml/>");
    expect(seen[1]?.headers.get("content-type")).toBe("application/octet-stream");
    expect(seen[1]?.body).toBe("\u0001\u0002\u0003");
  });
});

describe("auth", () => {
  it.each([
    [{ type: "bearer", token: "tok_123456" } as const, "authorization", "Bearer tok_123456"],
    [
      { type: "basic", username: "user", password: "pässword" } as const,
      "authorization",
      `Basic ${Buffer.from("user:pässword").toString("base64")}`,
    ],
    [
      { type: "header", name: "X-Api-Key", value: "key_abcdef" } as const,
      "x-api-key",
      "key_abcdef",
    ],
  ])("puts %o in the %s header", async (auth, header, expected) => {
    const seen = answerAll(() => HttpResponse.json({}));
    await client({ auth }).get("/me");
    expect(seen[0]?.headers.get(header)).toBe(expected);
  });

  it("puts a query credential in the URL", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    await client({ auth: { type: "query", name: "api_key", value: "k/1 2" } }).get("/me", {
      query: { a: "1" },
    });
    expect(seen[0]?.url.search).toBe("?a=1&api_key=k%2F1+2");
  });

  it("sends nothing for none and for a request with auth: false; a request's auth replaces the client's", async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    const api = client({ auth: { type: "bearer", token: "client-token" } });
    await api.get("/a", { auth: false });
    await client({ auth: { type: "none" } }).get("/b");
    await api.get("/c", { auth: { type: "header", name: "X-Key", value: "other" } });
    expect(seen[0]?.headers.has("authorization")).toBe(false);
    expect(seen[1]?.headers.has("authorization")).toBe(false);
    expect(seen[2]?.headers.has("authorization")).toBe(false);
    expect(seen[2]?.headers.get("x-key")).toBe("other");
  });

  it("asks an AuthProvider before each attempt and retries once after a successful refresh", async () => {
    let token = "expired-token-1";
    const provider: AuthProvider = {
      get: vi.fn(() => ({ type: "bearer" as const, token })),
      onUnauthorized: vi.fn(async () => {
        token = "fresh-token-2";
        return true;
      }),
    };
    const seen = answerAll((entry) =>
      entry.headers.get("authorization") === "Bearer fresh-token-2"
        ? HttpResponse.json({ ok: true })
        : HttpResponse.json({ message: "Bad credentials" }, { status: 401 }),
    );
    const response = await client({ auth: provider, retry: false }).post("/things", { json: {} });
    expect(response.body).toEqual({ ok: true });
    expect(response.attempts).toBe(2);
    expect(seen.map((entry) => entry.headers.get("authorization"))).toEqual([
      "Bearer expired-token-1",
      "Bearer fresh-token-2",
    ]);
    expect(provider.onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("gives up after one refresh, or at once when the provider cannot refresh", async () => {
    const seen = answerAll(() =>
      HttpResponse.json({ message: "Bad credentials" }, { status: 401 }),
    );
    const refreshing: AuthProvider = {
      get: () => ({ type: "bearer", token: "never-valid" }),
      onUnauthorized: async () => true,
    };
    const once = await failureOf(client({ auth: refreshing }).get("/me"));
    expect(once).toMatchObject({ code: "AUTH_INVALID", status: 401, retryable: false });
    expect(seen).toHaveLength(2);

    const stuck: AuthProvider = {
      get: () => ({ type: "bearer", token: "never-valid" }),
      onUnauthorized: async () => false,
    };
    await failureOf(client({ auth: stuck }).get("/me"));
    expect(seen).toHaveLength(3);
  });
});

describe("responses", () => {
  it("parses JSON (also +json), text, and empty bodies by default", async () => {
    server.use(
      http.get(`${BASE}/json`, () => HttpResponse.json({ a: 1 })),
      http.get(`${BASE}/problem`, () =>
        HttpResponse.text('{"b":2}', { headers: { "content-type": "application/problem+json" } }),
      ),
      http.get(`${BASE}/text`, () => HttpResponse.text("hello")),
      http.get(`${BASE}/empty`, () => new HttpResponse("", { status: 200 })),
      http.get(`${BASE}/no-content`, () => new HttpResponse(null, { status: 204 })),
    );
    const api = client();
    expect((await api.get("/json")).body).toEqual({ a: 1 });
    expect((await api.get("/problem")).body).toEqual({ b: 2 });
    expect((await api.get("/text")).body).toBe("hello");
    expect((await api.get("/empty")).body).toBeUndefined();
    expect((await api.get("/no-content")).body).toBeUndefined();
  });

  it("reads the response type asked for: json, text, bytes, stream", async () => {
    server.use(
      http.get(`${BASE}/data`, () =>
        HttpResponse.text('{"n":1}', { headers: { "content-type": "text/plain" } }),
      ),
    );
    const api = client();
    expect((await api.get("/data", { responseType: "json" })).body).toEqual({ n: 1 });
    expect((await api.get("/data", { responseType: "text" })).body).toBe('{"n":1}');
    const bytes = (await api.get<Uint8Array>("/data", { responseType: "bytes" })).body;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).toBe('{"n":1}');
    const stream = (await api.get<ReadableStream<Uint8Array>>("/data", { responseType: "stream" }))
      .body;
    expect(await new Response(stream).text()).toBe('{"n":1}');
  });

  it("fails with UPSTREAM, without retrying, when a JSON response does not parse", async () => {
    const seen = answerAll(() =>
      HttpResponse.text("<html>oops", { headers: { "content-type": "application/json" } }),
    );
    const error = await failureOf(client().get("/broken"));
    expect(error).toMatchObject({ code: "UPSTREAM", status: 200, retryable: false });
    expect(error.message).toBe("GET /broken answered HTTP 200 with a body that is not valid JSON.");
    expect(seen).toHaveLength(1);
  });

  it("reports the URL without a query credential", async () => {
    answerAll(() => HttpResponse.json({}));
    const response = await client({
      auth: { type: "query", name: "key", value: "secret-key-1" },
    }).get("/me", { query: { a: "1" } });
    expect(response.url).toBe(`${BASE}/me?a=1`);
  });
});

describe("errors", () => {
  it.each([
    [401, "AUTH_INVALID", { message: "Bad credentials" }, "Bad credentials", undefined],
    [
      403,
      "FORBIDDEN",
      { error: { message: "Missing scope", code: "missing_scope" } },
      "Missing scope",
      "missing_scope",
    ],
    [404, "NOT_FOUND", { message: "Not Found" }, "Not Found", undefined],
    [
      409,
      "CONFLICT",
      { errors: [{ message: "Name taken", code: "taken" }] },
      "Name taken",
      "taken",
    ],
    [
      422,
      "VALIDATION",
      { detail: "email is invalid", title: "Unprocessable" },
      "email is invalid",
      undefined,
    ],
    [
      400,
      "VALIDATION",
      { error: "invalid_grant", error_description: "Code expired" },
      "Code expired",
      "invalid_grant",
    ],
  ])(
    "maps HTTP %i to %s with the provider's message, without retrying",
    async (status, code, body, message, providerCode) => {
      const seen = answerAll(() => HttpResponse.json(body, { status }));
      const error = await failureOf(client().get("/repos/x/y?per_page=5"));
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      expect(error.retryable).toBe(false);
      expect(error.providerCode).toBe(providerCode);
      expect(error.message).toBe(`GET /repos/x/y failed with HTTP ${status}: ${message}`);
      expect(seen).toHaveLength(1);
    },
  );

  it("quotes a text body, whitespace collapsed and cut at 500 characters", async () => {
    answerAll(() => HttpResponse.text(`  Bad\n gateway ${"x".repeat(600)}`, { status: 418 }));
    const error = await failureOf(client().delete("/thing"));
    expect(error.code).toBe("UNKNOWN");
    const quoted = error.message.slice("DELETE /thing failed with HTTP 418: ".length);
    expect(quoted.startsWith("Bad gateway xxx")).toBe(true);
    expect(quoted).toHaveLength(500);
  });

  it("treats a redirect that was not followed as UNKNOWN", async () => {
    answerAll(() => new HttpResponse(null, { status: 300 }));
    const error = await failureOf(client().get("/choices"));
    expect(error).toMatchObject({
      code: "UNKNOWN",
      status: 300,
      message: "GET /choices failed with HTTP 300",
    });
  });

  it("never puts the credentials in a message, even when the provider echoes them", async () => {
    const token = "xoxb-1234567890-secret";
    answerAll((entry) =>
      HttpResponse.json(
        { message: `token ${entry.headers.get("authorization")?.slice(7)} is revoked` },
        { status: 401 },
      ),
    );
    const error = await failureOf(client({ auth: { type: "bearer", token } }).get("/auth.test"));
    expect(error.message).toBe("GET /auth.test failed with HTTP 401: token [REDACTED] is revoked");
    expect(JSON.stringify(error.toJSON())).not.toContain(token);
  });

  it("masks an AuthProvider's declared secrets and basic credentials too", async () => {
    const provider: AuthProvider = {
      get: () => ({ type: "basic", username: "acct", password: "hunter2-password" }),
      secrets: () => ["refresh-secret-999"],
    };
    answerAll((entry) =>
      HttpResponse.text(
        `refused ${entry.headers.get("authorization")} / hunter2-password / refresh-secret-999`,
        { status: 403 },
      ),
    );
    const error = await failureOf(client({ auth: provider }).get("/me"));
    expect(error.message).toBe(
      "GET /me failed with HTTP 403: refused Basic [REDACTED] / [REDACTED] / [REDACTED]",
    );
  });

  it("masks secrets in a classifier's message", async () => {
    answerAll(() => HttpResponse.json({ ok: false, error: "bad" }));
    const error = await failureOf(
      client({
        auth: { type: "header", name: "X-Key", value: "key-abcdef-123" },
        classify: () => ({
          outcome: "fail",
          error: new ConnectorError("VALIDATION", "rejected key-abcdef-123"),
        }),
      }).get("/x"),
    );
    expect(error).toMatchObject({
      code: "VALIDATION",
      message: "rejected [REDACTED]",
      status: 200,
    });
  });
});

describe("logging", () => {
  it("logs one debug record per attempt, with query credentials masked", async () => {
    const records: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger: Logger = {
      debug: (message, fields) => records.push([message, fields]),
      info: () => {},
      warn: () => {},
      error: () => {},
      child: () => logger,
    };
    answerAll((_entry, index) =>
      index === 0 ? HttpResponse.json({}, { status: 502 }) : HttpResponse.json({}),
    );
    await client({ logger, auth: { type: "query", name: "token", value: "query-secret-1" } }).get(
      "/items",
      { query: { page: 1 } },
    );
    expect(records).toHaveLength(2);
    expect(records[0]?.[1]).toMatchObject({
      method: "GET",
      url: `${BASE}/items?page=1&token=[REDACTED]`,
      status: 502,
      attempt: 1,
      error: "UPSTREAM",
    });
    expect(records[1]?.[1]).toMatchObject({ status: 200, attempt: 2 });
    expect(typeof records[1]?.[1]?.durationMs).toBe("number");
    expect(JSON.stringify(records)).not.toContain("query-secret-1");
  });
});

describe("httpFailureMessage", () => {
  it("reads like the client's own messages, for classifiers", () => {
    expect(httpFailureMessage("GET", "/repos/x/y?page=2", 404, "Not Found")).toBe(
      "GET /repos/x/y failed with HTTP 404: Not Found",
    );
    expect(httpFailureMessage("POST", "/a", 500)).toBe("POST /a failed with HTTP 500");
  });
});
