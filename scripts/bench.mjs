/**
 * The project's benchmarks, run by `pnpm bench` after a build. Speed targets live here, not in
 * timed tests. Prints a table and writes the numbers as JSON to bench-results.json (ignored by
 * git). Exits 1 when a target is missed.
 *
 *   (a) cold import of the SDK and of the reference connector, above bare `node -e 0`
 *       (target: at most 60 ms above it)
 *   (b) an action call against a loopback HTTP server, against a raw global fetch of the same
 *       URL (target: at most 1.3x its time)
 *   (c) 500 calls against a loopback server allowing 50 requests/s that answers 429 with
 *       Retry-After beyond (target: all succeed within 1.2 x the 10 s minimum)
 *   (d) webhook ingress: signed GitHub pushes from 100 concurrent senders over loopback HTTP to
 *       a runtime server, verified and persisted, on PGlite (on disk) and on Postgres (skipped
 *       when unreachable); see packages/runtime/bench/ingress.mjs. Flat out, each sender sending
 *       again as soon as it is answered (target: at least 1,000 deliveries/s), then offered
 *       1,000 deliveries/s by the same 100 senders (target: p99 under 50 ms); every acknowledged
 *       delivery stored exactly once
 *
 * `node scripts/bench.mjs <section>...` runs only the named sections: import, call, rate-limit,
 * ingress.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = (path) => pathToFileURL(`${root}${path}`).href;
const only = process.argv.slice(2);
const wants = (name) => only.length === 0 || only.includes(name);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timeProcess(args) {
  const started = performance.now();
  execFileSync(process.execPath, args, { stdio: "ignore" });
  return performance.now() - started;
}

/** (a) Median wall time of a fresh `node` importing each entry, interleaved with the baseline. */
function benchColdImport(runs = 21) {
  const entries = {
    "@triggo/connector-sdk": dist("packages/connector-sdk/dist/index.js"),
    "@triggo/connector-typeform": dist("connectors/typeform/dist/index.js"),
  };
  const samples = { baseline: [] };
  for (const name of Object.keys(entries)) samples[name] = [];
  timeProcess(["-e", "0"]); // warm the file cache
  for (let run = 0; run < runs; run += 1) {
    samples.baseline.push(timeProcess(["-e", "0"]));
    for (const [name, url] of Object.entries(entries)) {
      samples[name].push(
        timeProcess(["--input-type=module", "-e", `await import(${JSON.stringify(url)})`]),
      );
    }
  }
  const baseline = median(samples.baseline);
  return Object.fromEntries(
    Object.entries(entries).map(([name]) => {
      const total = median(samples[name]);
      return [
        name,
        {
          medianMs: round(total),
          aboveBaselineMs: round(total - baseline),
          baselineMs: round(baseline),
          targetMs: 60,
          pass: total - baseline <= 60,
        },
      ];
    }),
  );
}

/**
 * The loopback server runs in its own process, so that its work does not share the event loop
 * (and the garbage collector) with the calls being measured.
 */
const JSON_SERVER_SOURCE = `
const { createServer } = require("node:http");
const body = JSON.stringify({ id: "u6nXL7", title: "Bench form", fields: [] });
const server = createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 10000;
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
`;

async function startJsonServer() {
  const child = spawn(process.execPath, ["-e", JSON_SERVER_SOURCE], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill();
    },
  };
}

/** (b) Sequential action calls through the typed client against sequential raw fetches. */
async function benchCallOverhead(calls = 2000, rounds = 5) {
  const { typeform } = await import(dist("connectors/typeform/dist/index.js"));
  const server = await startJsonServer();
  try {
    const client = typeform.init({ auth: "bench-token-123456", baseUrl: server.url });
    const viaAction = async () => {
      for (let index = 0; index < calls; index += 1)
        await client.actions.get_form({ form_id: "u6nXL7" });
    };
    const viaFetch = async () => {
      for (let index = 0; index < calls; index += 1) {
        const response = await fetch(`${server.url}/forms/u6nXL7`, {
          headers: { authorization: "Bearer bench-token-123456" },
        });
        await response.json();
      }
    };
    await viaAction();
    await viaFetch();
    const actionTimes = [];
    const fetchTimes = [];
    for (let round = 0; round < rounds; round += 1) {
      let started = performance.now();
      await viaFetch();
      fetchTimes.push(performance.now() - started);
      started = performance.now();
      await viaAction();
      actionTimes.push(performance.now() - started);
    }
    const action = median(actionTimes) / calls;
    const raw = median(fetchTimes) / calls;
    return {
      calls,
      actionMsPerCall: round(action, 3),
      fetchMsPerCall: round(raw, 3),
      ratio: round(action / raw, 2),
      target: 1.3,
      pass: action / raw <= 1.3,
    };
  } finally {
    await server.close();
  }
}

/** (c) The rate-limit bench of @triggo/shared. */
async function benchRateLimit() {
  const { runRateLimitBench } = await import(dist("packages/shared/bench/rate-limit.bench.mjs"));
  const result = await runRateLimitBench({ calls: 500, limit: 50, windowMs: 1000 });
  return {
    ...result,
    elapsedMs: round(result.elapsedMs),
    targetMs: 12_000,
    pass: result.succeeded === result.calls && result.elapsedMs <= 12_000,
  };
}

/** (d) The ingress bench of @triggo/runtime. */
async function benchIngress() {
  const { runIngressBench } = await import(dist("packages/runtime/bench/ingress.mjs"));
  return runIngressBench({ deliveries: 5000, warmup: 500, concurrency: 100 });
}

function round(value, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

for (const path of [
  "packages/connector-sdk/dist/index.js",
  "connectors/typeform/dist/index.js",
  "packages/shared/dist/index.js",
  ...(wants("ingress")
    ? ["packages/runtime/dist/index.js", "connectors/github/dist/index.js"]
    : []),
]) {
  if (!existsSync(`${root}${path}`)) {
    console.error(`bench: ${path} is missing; run "pnpm build" first (pnpm bench does).`);
    process.exit(1);
  }
}

const results = {};
if (wants("import")) results.coldImport = benchColdImport();
if (wants("call")) results.callOverhead = await benchCallOverhead();
if (wants("rate-limit")) results.rateLimit = await benchRateLimit();
if (wants("ingress")) results.ingress = await benchIngress();
results.machine = {
  node: process.version,
  cpus: (await import("node:os")).cpus().length,
  date: new Date().toISOString(),
};

if (results.coldImport) {
  for (const [name, value] of Object.entries(results.coldImport)) {
    console.log(
      `(a) cold import ${name}: ${value.medianMs} ms, ${value.aboveBaselineMs} ms above node -e 0 (${value.baselineMs} ms); target <= 60 ms: ${value.pass ? "pass" : "MISS"}`,
    );
  }
}
if (results.callOverhead) {
  const value = results.callOverhead;
  console.log(
    `(b) action call ${value.actionMsPerCall} ms vs raw fetch ${value.fetchMsPerCall} ms per call: ${value.ratio}x; target <= 1.3x: ${value.pass ? "pass" : "MISS"}`,
  );
}
if (results.rateLimit) {
  const value = results.rateLimit;
  console.log(
    `(c) ${value.succeeded}/${value.calls} calls at 50 req/s in ${value.elapsedMs} ms (${value.requests} requests, ${value.rejected} answered 429); target <= 12000 ms: ${value.pass ? "pass" : "MISS"}`,
  );
}
for (const value of Object.values(results.ingress ?? {})) {
  if (value.skipped) {
    console.log(`(d) ingress on ${value.backend}: skipped (${value.skipped})`);
    continue;
  }
  console.log(
    `(d) ingress on ${value.backend}: flat out ${value.deliveriesPerSecond} deliveries/s (p50 ${value.p50Ms} ms, p99 ${value.p99Ms} ms); offered ${value.atRate.perSecond}/s: p50 ${value.atRate.p50Ms} ms, p99 ${value.atRate.p99Ms} ms (${value.acknowledged + value.atRate.acknowledged}/${value.deliveries + value.atRate.deliveries} acknowledged, ${value.concurrency} senders; ${value.persistedExactlyOnce ? "each stored exactly once" : `STORED ${value.eventRows} events for them`}); target >= ${value.targetDeliveriesPerSecond}/s and p99 < ${value.targetP99Ms} ms at ${value.atRate.perSecond}/s: ${value.pass ? "pass" : "MISS"}`,
  );
}
writeFileSync(`${root}bench-results.json`, `${JSON.stringify(results, null, 2)}\n`);
const missed = [
  ...Object.values(results.coldImport ?? {}),
  ...(results.callOverhead ? [results.callOverhead] : []),
  ...(results.rateLimit ? [results.rateLimit] : []),
  ...Object.values(results.ingress ?? {}),
].filter((value) => !value.pass);
process.exitCode = missed.length ? 1 : 0;
