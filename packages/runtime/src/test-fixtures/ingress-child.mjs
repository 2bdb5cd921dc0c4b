// The runtime server in a process of its own, for ingress-kill.test.ts (which SIGKILLs it).
// Imports the built runtime (the test task builds first). Arguments: one JSON object,
// { backend: "pglite", dataDir } or { backend: "postgres", postgresUrl, schema }, and `create`
// to make a connected account and a GitHub push trigger (its hook registration answered by a
// fake fetch). Talks over IPC: sends { type: "ready", url, triggerId?, secret? }; answers
// { type: "events" } with every stored event's delivery id and how often it is stored.
import { github } from "@triggo/connector-github";
import {
  createPgliteDatabase,
  createPostgresDatabase,
  createRuntime,
  createRuntimeServer,
} from "../../dist/index.js";
import { createGitHubCommitTrigger, fakeGitHubFetch } from "./github.mjs";

const options = JSON.parse(process.argv[2] ?? "{}");
const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString("base64");

const database =
  options.backend === "pglite"
    ? await createPgliteDatabase({ dataDir: options.dataDir })
    : await createPostgresDatabase({
        connectionString: options.postgresUrl,
        schema: options.schema,
      });
const runtime = await createRuntime({
  connectors: [github],
  database,
  encryptionKey: ENCRYPTION_KEY,
  publicUrl: "http://127.0.0.1",
  fetch: fakeGitHubFetch,
  retry: { maxRetries: 0 },
});

let created = {};
if (options.create) {
  created = await createGitHubCommitTrigger(
    runtime,
    database,
    "user-1",
    "ghp_killtest0123456789abcdefghijklmnopq",
  );
}

const server = createRuntimeServer(runtime, { apiKeys: ["kill-test-api-key-0123456789"] });
const { url } = await server.listen(0, "127.0.0.1");

process.on("message", async (message) => {
  if (message?.type === "events") {
    const rows = await database.query(
      "SELECT delivery_id, count(*)::int AS stored FROM events GROUP BY delivery_id",
    );
    process.send({ type: "events", rows });
  } else if (message?.type === "close") {
    await server.close();
    await runtime.close();
    process.send({ type: "closed" });
    process.disconnect();
  }
});
process.send({ type: "ready", url, ...created });
