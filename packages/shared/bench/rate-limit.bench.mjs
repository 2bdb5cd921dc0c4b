/**
 * Rate-limit bench: 500 concurrent calls through one client against a loopback server that
 * allows 50 requests per fixed 1-second window and answers 429 with `Retry-After` beyond.
 * Served at the limit, 500 calls need 10 windows, so about 9-10 s; the client-wide rate-limit
 * gate should finish within 12 s instead of hammering the server with refused requests.
 *
 *   node packages/shared/bench/rate-limit.bench.mjs     (after building @triggo/shared)
 *
 * or, from another script: `const result = await runRateLimitBench();`
 */
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

/**
 * A loopback server with fixed windows of `limit` requests per `windowMs`, counted from its start.
 * Beyond the limit it answers 429 with `Retry-After` (whole seconds, rounded up, as HTTP wants).
 */
export async function startRateLimitedServer({ limit = 50, windowMs = 1000 } = {}) {
  const startedAt = Date.now();
  const served = new Map();
  const stats = { requests: 0, accepted: 0, rejected: 0 };
  const server = createServer((request, response) => {
    stats.requests += 1;
    const elapsed = Date.now() - startedAt;
    const window = Math.floor(elapsed / windowMs);
    const count = (served.get(window) ?? 0) + 1;
    served.set(window, count);
    if (count > limit) {
      stats.rejected += 1;
      const waitSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - elapsed) / 1000));
      response.writeHead(429, {
        "content-type": "application/json",
        "retry-after": String(waitSeconds),
      });
      response.end(JSON.stringify({ message: "Too many requests" }));
      return;
    }
    stats.accepted += 1;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: true, path: request.url }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * Runs the bench and returns `{ calls, succeeded, elapsedMs }`, plus `requests` (all the server
 * saw) and `rejected` (its 429 answers). `createHttpClient` defaults to the built package.
 */
export async function runRateLimitBench({
  calls = 500,
  limit = 50,
  windowMs = 1000,
  createHttpClient,
} = {}) {
  const create = createHttpClient ?? (await import("../dist/index.js")).createHttpClient;
  const server = await startRateLimitedServer({ limit, windowMs });
  try {
    const client = create({ baseUrl: server.url, retry: { maxTotalWaitMs: 60_000 } });
    const startedAt = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: calls }, (_, index) => client.get(`/items/${index}`)),
    );
    const elapsedMs = Math.round(performance.now() - startedAt);
    const succeeded = results.filter((result) => result.status === "fulfilled").length;
    return {
      calls,
      succeeded,
      elapsedMs,
      requests: server.stats.requests,
      rejected: server.stats.rejected,
    };
  } finally {
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runRateLimitBench();
  console.log(JSON.stringify(result));
  if (result.succeeded !== result.calls || result.elapsedMs > 12_000) process.exitCode = 1;
}
