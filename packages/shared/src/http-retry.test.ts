import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError } from "./errors";
import { createHttpClient } from "./http";
import type { HttpClientOptions, ResponseClassifier } from "./http-types";

const BASE = "https://api.example.com";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  method: string;
  path: string;
  headers: Headers;
}

/** Answers every request with the next of `answers` (the last one repeats), recording each. */
function answerInTurn(...answers: Array<() => Response | Promise<Response>>): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(`${BASE}/*`, ({ request }) => {
      seen.push({
        method: request.method,
        path: new URL(request.url).pathname,
        headers: request.headers,
      });
      const answer = answers[Math.min(seen.length, answers.length) - 1];
      if (!answer) throw new Error("no answer");
      return answer();
    }),
  );
  return seen;
}

/** A sleep that records its delays and returns at once. */
function fakeSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { delays, sleep };
}

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ baseUrl: BASE, ...options });
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

const ok = () => HttpResponse.json({ ok: true });
const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json({ message: `status ${code}` }, { status: code, headers });

describe("retries with backoff", () => {
  it("retries 5xx with full-jitter backoff until one succeeds", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(status(500), status(502), status(503), status(504), ok);
    const response = await client({ sleep }).get("/flaky");
    expect(response).toMatchObject({ status: 200, attempts: 5 });
    expect(seen).toHaveLength(5);
    expect(delays).toHaveLength(4);
    // Ceilings 500, 1000, 2000, 4000 ms.
    delays.forEach((delayMs, retry) => {
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThan(500 * 2 ** retry);
    });
  });

  it("stops after maxRetries and throws the last error", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(status(503));
    const error = await failureOf(client({ sleep, retry: { maxRetries: 2 } }).get("/down"));
    expect(error).toMatchObject({ code: "UPSTREAM", status: 503, retryable: true });
    expect(error.message).toBe("GET /down failed with HTTP 503: status 503");
    expect(seen).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it("retries 408 and network errors; sends once with retry: false", async () => {
    const { sleep } = fakeSleep();
    const seen = answerInTurn(status(408), () => HttpResponse.error(), ok);
    expect((await client({ sleep }).get("/x")).attempts).toBe(3);

    const once = answerInTurn(() => HttpResponse.error());
    const error = await failureOf(client({ sleep }).get("/x", { retry: false }));
    expect(error.code).toBe("NETWORK");
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^GET \/x could not reach the provider: /);
    expect(seen).toHaveLength(3);
    expect(once).toHaveLength(1);
  });

  it("caps each backoff at maxDelayMs", async () => {
    const { delays, sleep } = fakeSleep();
    answerInTurn(status(500));
    await failureOf(
      client({ sleep, retry: { maxRetries: 6, baseDelayMs: 1000, maxDelayMs: 1500 } }).get("/x"),
    );
    expect(delays).toHaveLength(6);
    for (const delayMs of delays) expect(delayMs).toBeLessThan(1500);
  });
});

describe("idempotency", () => {
  it("does not retry a POST without an idempotency key", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(status(503), ok);
    const error = await failureOf(client({ sleep }).post("/charges", { form: { amount: 100 } }));
    expect(error.status).toBe(503);
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);

    const network = answerInTurn(() => HttpResponse.error(), ok);
    await failureOf(client({ sleep }).patch("/charges/1", { json: {} }));
    expect(network).toHaveLength(1);
  });

  it("retries a PUT by default, and not one sent with idempotent: false", async () => {
    const { sleep } = fakeSleep();
    const repeated = answerInTurn(status(502), ok);
    expect((await client({ sleep }).put("/labels", { json: ["bug"] })).attempts).toBe(2);
    expect(repeated).toHaveLength(2);

    const once = answerInTurn(status(502), ok);
    const error = await failureOf(
      client({ sleep }).put("/pulls/1/merge", { json: {} }, { idempotent: false }),
    );
    expect(error.status).toBe(502);
    expect(once).toHaveLength(1);
    // An idempotency key makes it safe again.
    const keyed = answerInTurn(status(500), ok);
    await client({ sleep }).put("/x", { json: {} }, { idempotent: false, idempotencyKey: "k-1" });
    expect(keyed).toHaveLength(2);
  });

  it("retries a POST with a key, sending the same key every time", async () => {
    const { sleep } = fakeSleep();
    const seen = answerInTurn(status(500), () => HttpResponse.error(), ok);
    const response = await client({ sleep }).post(
      "/charges",
      { form: { amount: 100 } },
      { idempotencyKey: "order-42" },
    );
    expect(response.attempts).toBe(3);
    expect(seen.map((entry) => entry.headers.get("idempotency-key"))).toEqual([
      "order-42",
      "order-42",
      "order-42",
    ]);
  });

  it("generates one key per call with autoIdempotencyKey, in the configured header", async () => {
    const { sleep } = fakeSleep();
    const api = client({ sleep, autoIdempotencyKey: true, idempotencyHeader: "X-Request-Id" });
    const seen = answerInTurn(status(502), ok, status(502), ok);
    await api.post("/charges", { json: {} });
    await api.post("/charges", { json: {} });
    const keys = seen.map((entry) => entry.headers.get("x-request-id"));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[3]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(seen[0]?.headers.has("idempotency-key")).toBe(false);
  });

  it("adds no key to a GET, and treats a key set as a header like the option", async () => {
    const { sleep } = fakeSleep();
    const seen = answerInTurn(status(500), ok);
    await client({ sleep, autoIdempotencyKey: true }).get("/charges");
    expect(seen[0]?.headers.has("idempotency-key")).toBe(false);

    const keyed = answerInTurn(status(500), ok);
    await client({ sleep }).post(
      "/charges",
      { json: {} },
      { headers: { "Idempotency-Key": "k1" } },
    );
    expect(keyed.map((entry) => entry.headers.get("idempotency-key"))).toEqual(["k1", "k1"]);
  });
});

describe("rate limits", () => {
  it("waits the Retry-After seconds, without counting it as a retry", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(
      status(429, { "Retry-After": "2" }),
      status(429, { "Retry-After": "2" }),
      ok,
    );
    const response = await client({ sleep, retry: { maxRetries: 0 } }).get("/limited");
    expect(response.attempts).toBe(3);
    expect(seen).toHaveLength(3);
    expect(delays).toHaveLength(2);
    for (const delayMs of delays) {
      // The gate counts from when the 429 arrived: a few ms may pass before the wait starts.
      expect(delayMs).toBeGreaterThanOrEqual(1950);
      expect(delayMs).toBeLessThanOrEqual(2200); // at most 10% spread
    }
  });

  it("waits until a Retry-After date", async () => {
    const { delays, sleep } = fakeSleep();
    const at = new Date(Date.now() + 5000).toUTCString();
    answerInTurn(status(429, { "Retry-After": at }), ok);
    await client({ sleep }).get("/limited");
    expect(delays).toHaveLength(1);
    // HTTP dates have whole seconds: between 4 and 5 s away, plus up to 10%.
    expect(delays[0]).toBeGreaterThan(3900);
    expect(delays[0]).toBeLessThanOrEqual(5500);
  });

  it("reads x-ratelimit-reset when x-ratelimit-remaining is 0", async () => {
    const { delays, sleep } = fakeSleep();
    const reset = String(Math.floor(Date.now() / 1000) + 30);
    answerInTurn(status(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), ok);
    await client({ sleep }).get("/limited");
    expect(delays[0]).toBeGreaterThan(28_000);
    expect(delays[0]).toBeLessThanOrEqual(33_000);
  });

  it("backs off (and counts the retry) on a 429 without a wait hint", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(status(429));
    const error = await failureOf(client({ sleep, retry: { maxRetries: 1 } }).get("/limited"));
    expect(error.code).toBe("RATE_LIMITED");
    expect(seen).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThan(500);
  });

  it("fails at once when the asked wait passes maxTotalWaitMs, carrying retryAfterMs", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(status(429, { "Retry-After": "120" }), ok);
    const error = await failureOf(client({ sleep }).get("/limited"));
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, retryable: true });
    // What is left of the 120 s when the call gives up: the clock moves between the two readings.
    expect(error.retryAfterMs).toBeGreaterThan(119_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_001);
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("waits a Retry-After equal to the budget, trimming the spread to fit", async () => {
    const { delays, sleep } = fakeSleep();
    answerInTurn(status(429, { "Retry-After": "2" }), ok);
    await client({ sleep, retry: { maxTotalWaitMs: 2000 } }).get("/limited");
    expect(delays).toEqual([2000]);
  });

  it("fails a new call without sending it while the gate is closed beyond its budget", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(status(429, { "Retry-After": "30" }), ok);
    const api = client({ sleep, retry: { maxTotalWaitMs: 10_000 } });
    await failureOf(api.get("/first"));
    const error = await failureOf(api.post("/second", { json: {} }));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(
      /^POST \/second was not sent: the provider asked for a pause of 30 s, more than this call may wait \(10 s\)\.$/,
    );
    expect(error.retryAfterMs).toBeGreaterThan(29_000);
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("counts all waits of a call against maxTotalWaitMs", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(status(503));
    const error = await failureOf(
      client({
        sleep,
        retry: { maxRetries: 10, baseDelayMs: 1000, maxDelayMs: 1000, maxTotalWaitMs: 2500 },
      }).get("/down"),
    );
    expect(error.status).toBe(503);
    expect(delays.reduce((sum, delayMs) => sum + delayMs, 0)).toBeLessThanOrEqual(2500);
    expect(seen.length).toBeLessThan(11);
  });

  it("holds every call of the client once one learns a retry-after", async () => {
    const released: Array<() => void> = [];
    const delays: number[] = [];
    const sleep = (ms: number) => {
      delays.push(ms);
      return new Promise<void>((resolve) => released.push(resolve));
    };
    const seen = answerInTurn(status(429, { "Retry-After": "3" }), ok);
    const api = client({ sleep });
    const first = api.get("/a");
    await until(() => delays.length === 1);
    // A new call on the same client does not send while the gate is closed.
    const second = api.get("/b");
    await until(() => delays.length === 2);
    expect(seen.map((entry) => entry.path)).toEqual(["/a"]);
    expect(delays[1]).toBeGreaterThan(2900);
    // Another client is not held.
    await client().get("/c");
    expect(seen.map((entry) => entry.path)).toEqual(["/a", "/c"]);
    for (const release of released) release();
    await Promise.all([first, second]);
    expect(seen.map((entry) => entry.path).sort()).toEqual(["/a", "/a", "/b", "/c"]);
  });

  it("shares the gate with an extend()ed client of the same server and account only", async () => {
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };
    answerInTurn(status(429, { "Retry-After": "7" }), ok);
    const api = client({ sleep, auth: { type: "bearer", token: "token-one" } });
    await api.get("/a");
    expect(delays).toHaveLength(1);
    await api.extend({ headers: { "X-Extra": "1" } }).get("/b");
    expect(delays).toHaveLength(2);
    await api.extend({ auth: { type: "bearer", token: "token-two" } }).get("/c");
    expect(delays).toHaveLength(2);
  });
});

describe("timeouts and cancelling", () => {
  it("times out an attempt as TIMEOUT and retries it", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(async () => {
      await delay("infinite");
      return ok();
    }, ok);
    const response = await client({ sleep, timeoutMs: 30 }).get("/slow");
    expect(response.attempts).toBe(2);
    expect(seen).toHaveLength(2);
    expect(delays).toHaveLength(1);

    answerInTurn(async () => {
      await delay("infinite");
      return ok();
    });
    const error = await failureOf(client({ timeoutMs: 30, retry: false }).get("/slow"));
    expect(error).toMatchObject({
      code: "TIMEOUT",
      retryable: true,
      message: "GET /slow got no response within 30 ms.",
    });
  });

  it("turns the caller's abort into ABORTED, without retrying", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(async () => {
      await delay("infinite");
      return ok();
    });
    const controller = new AbortController();
    const call = client({ sleep }).get("/slow", { signal: controller.signal });
    await until(() => seen.length === 1);
    controller.abort();
    const error = await failureOf(call);
    expect(error).toMatchObject({
      code: "ABORTED",
      retryable: false,
      message: "GET /slow was cancelled.",
    });
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it("cuts a backoff sleep short when the caller aborts", async () => {
    const seen = answerInTurn(status(503));
    const controller = new AbortController();
    const started = Date.now();
    const call = client({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } }).get("/down", {
      signal: controller.signal,
    });
    await until(() => seen.length === 1);
    setTimeout(() => controller.abort(), 20);
    const error = await failureOf(call);
    expect(error.code).toBe("ABORTED");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(seen).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const seen = answerInTurn(ok);
    const error = await failureOf(client().get("/x", { signal: AbortSignal.abort() }));
    expect(error.code).toBe("ABORTED");
    expect(seen).toEqual([]);
  });
});

describe("classify hook", () => {
  /** Slack answers HTTP 200 with `ok: false`. */
  const slack: ResponseClassifier = ({ body, headers }) => {
    const reply = body as { ok?: boolean; error?: string } | undefined;
    if (reply?.ok !== false) return undefined;
    if (reply.error === "ratelimited") {
      return {
        outcome: "retry",
        error: new ConnectorError("RATE_LIMITED", "Slack rate limit", {
          providerCode: "ratelimited",
        }),
      };
    }
    if (reply.error === "invalid_auth") {
      return {
        outcome: "fail",
        error: new ConnectorError("AUTH_INVALID", "Slack refused the token", {
          providerCode: "invalid_auth",
        }),
      };
    }
    void headers;
    return undefined;
  };

  it("retries a POST the classifier calls rate limited, waiting its Retry-After", async () => {
    const { delays, sleep } = fakeSleep();
    const seen = answerInTurn(
      () =>
        HttpResponse.json({ ok: false, error: "ratelimited" }, { headers: { "Retry-After": "3" } }),
      () => HttpResponse.json({ ok: true, ts: "1.2" }),
    );
    const response = await client({ sleep, classify: slack }).post("/chat.postMessage", {
      json: { channel: "C1", text: "hi" },
    });
    expect(response.body).toEqual({ ok: true, ts: "1.2" });
    expect(seen).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(2950);
    expect(delays[0]).toBeLessThanOrEqual(3300);
  });

  it("fails without retrying when the classifier says so", async () => {
    const { sleep } = fakeSleep();
    const seen = answerInTurn(() => HttpResponse.json({ ok: false, error: "invalid_auth" }));
    const error = await failureOf(client({ sleep, classify: slack }).get("/auth.test"));
    expect(error).toMatchObject({
      code: "AUTH_INVALID",
      retryable: false,
      providerCode: "invalid_auth",
      status: 200,
    });
    expect(seen).toHaveLength(1);
  });

  it("falls back to the default rules when the classifier returns undefined", async () => {
    answerInTurn(() =>
      HttpResponse.json({ ok: false, error: "channel_not_found" }, { status: 404 }),
    );
    const error = await failureOf(client({ classify: slack }).get("/conversations.info"));
    expect(error).toMatchObject({ code: "NOT_FOUND", providerCode: "channel_not_found" });
  });

  it("lets the classifier's retryAfterMs win over the headers", async () => {
    const { delays, sleep } = fakeSleep();
    answerInTurn(
      () => HttpResponse.json({}, { status: 403, headers: { "Retry-After": "50" } }),
      ok,
    );
    await client({
      sleep,
      classify: ({ status: code }) =>
        code === 403
          ? {
              outcome: "retry",
              error: new ConnectorError("RATE_LIMITED", "secondary rate limit"),
              retryAfterMs: 1000,
            }
          : undefined,
    }).get("/repos");
    expect(delays[0]).toBeGreaterThanOrEqual(950);
    expect(delays[0]).toBeLessThanOrEqual(1100);
  });
});

/** Waits (a few event-loop turns at a time) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 500; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error("condition never held");
}

describe("writes without an idempotency key", () => {
  it("are not sent again after a 5xx, even when the connector has a classify hook", async () => {
    const seen = answerInTurn(() => HttpResponse.json({ message: "boom" }, { status: 502 }));
    const { sleep } = fakeSleep();
    const classify: ResponseClassifier = () => undefined;
    const error = await failureOf(
      client({ sleep, classify }).post("/issues", { json: { title: "x" } }),
    );
    expect(error).toMatchObject({ code: "UPSTREAM", retryable: true });
    expect(seen).toHaveLength(1);
  });

  it("are sent again after a 429, which the server refused without processing", async () => {
    const seen = answerInTurn(
      () =>
        HttpResponse.json(
          { message: "slow down" },
          { status: 429, headers: { "retry-after": "1" } },
        ),
      () => HttpResponse.json({ id: 1 }, { status: 201 }),
    );
    const { sleep } = fakeSleep();
    const response = await client({ sleep }).post("/issues", { json: { title: "x" } });
    expect(response.status).toBe(201);
    expect(seen.map((call) => call.method)).toEqual(["POST", "POST"]);
  });
});
