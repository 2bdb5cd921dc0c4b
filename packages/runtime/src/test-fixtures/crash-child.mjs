// A runtime process for crash-restart.test.ts, which SIGKILLs it and starts it again on the same
// database. Built code only (run `pnpm run build` first). Its settings come as JSON in
// TRIGGO_CRASH_CHILD; it writes JSON lines to stdout: {type:"ready"}, {type:"status"} whenever
// the counts change, and {type:"report"} after a SIGTERM (then it closes and exits).
//
// mode "init":    migrates the database and exits (a PGlite template the tests copy).
// mode "poll":    runs the poller; on `setup`, first connects a GitHub account and enables
//                 GITHUB_NEW_COMMIT_POLLING on octocat/Hello-World.
// mode "deliver": runs the delivery worker; on `setup`, first registers the endpoint, enables
//                 GITHUB_COMMIT_EVENT and stores `events` pushes through the ingress.
import { createWebhookRequest } from "@triggo/connector-sdk";
import { createLogger, signGitHubWebhook } from "@triggo/shared";
import { github } from "../../../../connectors/github/dist/index.js";
import {
  createDeliveryWorker,
  createPgliteDatabase,
  createPoller,
  createPostgresDatabase,
  createRuntime,
} from "../../dist/index.js";
import { createGitHubCommitTrigger, githubPush } from "./github.mjs";

const config = JSON.parse(process.env.TRIGGO_CRASH_CHILD ?? "{}");
const GITHUB_API = "https://api.github.com";
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

/** Provider calls go to the test's fake GitHub; nothing leaves the machine. */
const rewrite = (url) => {
  const target = url.startsWith(GITHUB_API) ? config.apiUrl + url.slice(GITHUB_API.length) : url;
  if (new URL(target).hostname !== "127.0.0.1") throw new Error(`No network in tests: ${url}`);
  return target;
};
const loopbackFetch = (input, init) =>
  input instanceof Request
    ? fetch(new Request(rewrite(input.url), input), init)
    : fetch(rewrite(String(input)), init);

const database =
  config.database.kind === "postgres"
    ? await createPostgresDatabase({
        connectionString: config.database.url,
        schema: config.database.schema,
      })
    : await createPgliteDatabase({ dataDir: config.database.dataDir });

const runtime = await createRuntime({
  connectors: [github],
  database,
  encryptionKey: Buffer.alloc(32, 7).toString("base64"),
  publicUrl: "https://triggo.test",
  logger: createLogger({ level: process.env.TRIGGO_CRASH_LOG ?? "warn" }),
  fetch: loopbackFetch,
  retry: { maxRetries: 0 },
});

if (config.mode === "init") {
  await runtime.close();
  print({ type: "ready" });
  process.exit(0);
}

const count = async (sql) => (await database.query(sql))[0]?.n ?? 0;

async function setupPolling() {
  await runtime.connectedAccounts.create({
    userId: "user-1",
    connector: "github",
    credentials: "ghp_crashtest0123456789abcdefghijklmnop",
  });
  await runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT_POLLING", {
    triggerConfig: { owner: "octocat", repo: "Hello-World" },
  });
}

async function setupDeliveries() {
  await runtime.deliveries.createEndpoint({ url: config.endpointUrl, secret: config.secret });
  const { triggerId, secret } = await createGitHubCommitTrigger(
    runtime,
    database,
    "user-1",
    "ghp_crashtest0123456789abcdefghijklmnop",
  );
  for (let index = 0; index < config.events; index += 1) {
    const sha = `c0ffee${String(index).padStart(34, "0")}`;
    const body = JSON.stringify(githubPush(sha, `Commit ${index}`));
    const response = await runtime.ingress.receive(
      triggerId,
      createWebhookRequest({
        url: `https://triggo.test/webhooks/${triggerId}`,
        headers: {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": `push-${index}`,
          ...signGitHubWebhook({ secret, body }),
        },
        body,
      }),
    );
    if (response.status !== 200) throw new Error(`The ingress answered ${response.status}.`);
  }
}

let worker;
let status;
if (config.mode === "poll") {
  if (config.setup) await setupPolling();
  const [row] = await database.query(
    "SELECT id, next_poll_at, last_polled_at FROM trigger_instances",
  );
  const { base, scale } = config.clock;
  worker = createPoller(runtime, {
    intervalMs: 20,
    leaseMs: config.leaseMs,
    pollTimeoutMs: config.pollTimeoutMs,
    maxBackoffMs: config.maxBackoffMs,
    // Virtual time running `scale` times faster, so that the trigger's 300 s interval passes quickly.
    clock: () => base + (Date.now() - base) * scale,
  });
  status = async () => ({ events: await count("SELECT count(*)::int AS n FROM events") });
  print({
    type: "ready",
    triggerId: row.id,
    nextPollAt: row.next_poll_at?.getTime() ?? null,
    lastPolledAt: row.last_polled_at?.getTime() ?? null,
  });
} else {
  if (config.setup) await setupDeliveries();
  worker = createDeliveryWorker(runtime, {
    intervalMs: 20,
    batchSize: config.batchSize,
    leaseMs: config.leaseMs,
    timeoutMs: config.timeoutMs,
    baseBackoffMs: 50,
    maxBackoffMs: 200,
  });
  status = async () => ({
    delivered: await count("SELECT count(*)::int AS n FROM deliveries WHERE status = 'delivered'"),
  });
  const events = await database.query("SELECT event_id FROM events ORDER BY position");
  print({ type: "ready", eventIds: events.map((row) => row.event_id) });
}
worker.start();

let last = "";
let reporting = false;
const tick = setInterval(async () => {
  if (reporting) return;
  const line = JSON.stringify(await status().catch((error) => ({ error: String(error) })));
  if (line !== last && !reporting) {
    last = line;
    print({ type: "status", ...JSON.parse(line) });
  }
}, 20);

process.once("SIGTERM", async () => {
  reporting = true;
  clearInterval(tick);
  await worker.stop();
  if (config.mode === "poll") {
    const events = await database.query("SELECT event_id FROM events ORDER BY position");
    print({ type: "report", events: events.map((row) => row.event_id) });
  } else {
    const deliveries = await database.query(
      `SELECT d.id, d.status, d.attempts, ev.event_id
       FROM deliveries d JOIN events ev ON ev.id = d.event_id ORDER BY d.id`,
    );
    const attempts = await runtime.deliveries.listAttempts();
    print({ type: "report", deliveries, attempts });
  }
  await runtime.close();
  process.exit(0);
});
