// Killed mid-load, the runtime loses no acknowledged delivery: a child process runs the server,
// takes signed GitHub pushes from many senders at once and is SIGKILLed; a new child on the same
// database must hold every delivery that was answered 2xx exactly once, and take the rest when
// they are sent again (dropping the repeats of those already stored).
import { type ChildProcess, fork } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { postgresProblem, postgresUrl, TEST_DATABASE_URL_ENV } from "./runtime-test-databases";
import { githubPush } from "./runtime-test-support";

const CHILD = fileURLToPath(new URL("./test-fixtures/ingress-child.mjs", import.meta.url));
const DELIVERIES = 300;
const SENDERS = 25;
/** The child is killed once this many deliveries were acknowledged. */
const KILL_AFTER = 60;

interface Ready {
  type: "ready";
  url: string;
  triggerId?: string;
  secret?: string;
}

interface Child {
  process: ChildProcess;
  ready: Ready;
  /** Every stored event's delivery id, with how many rows it has. */
  events(): Promise<Map<string, number>>;
  close(): Promise<void>;
  kill(): Promise<void>;
}

const children = new Set<ChildProcess>();

async function startChild(options: Record<string, unknown>): Promise<Child> {
  const child = fork(CHILD, [JSON.stringify(options)], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.add(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        resolve(message as T);
      };
      child.on("message", onMessage);
      void exited.then(() =>
        reject(new Error(`The child exited before "${type}" (${child.exitCode}): ${output}`)),
      );
    });
  const ready = await next<Ready>("ready");
  return {
    process: child,
    ready,
    async events() {
      const answer = next<{ rows: { delivery_id: string; stored: number }[] }>("events");
      child.send({ type: "events" });
      return new Map((await answer).rows.map((row) => [row.delivery_id, row.stored]));
    },
    async close() {
      const closed = next("closed");
      child.send({ type: "close" });
      await closed;
      await exited;
      children.delete(child);
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
      children.delete(child);
    },
  };
}

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

interface Delivery {
  id: string;
  body: string;
  signature: string;
}

function deliveries(secret: string): Delivery[] {
  const run = randomBytes(4).toString("hex");
  return Array.from({ length: DELIVERIES }, (_, index) => {
    const sha = createHmac("sha1", run).update(String(index)).digest("hex");
    const body = JSON.stringify(githubPush(sha));
    const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    return { id: `${run}-${index}`, body, signature };
  });
}

/** POSTs a delivery; resolves with the status, or 0 when the connection failed. */
function send(url: string, triggerId: string, delivery: Delivery): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request(
      `${url}/webhooks/${triggerId}`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": delivery.id,
          "x-hub-signature-256": delivery.signature,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(0));
      },
    );
    outgoing.on("error", () => resolve(0));
    outgoing.end(delivery.body);
  });
}

/** Sends every delivery from `SENDERS` senders at once; `onAnswer` sees each status. */
async function sendAll(
  url: string,
  triggerId: string,
  all: readonly Delivery[],
  onAnswer: (acknowledged: number) => void = () => undefined,
): Promise<number[]> {
  const statuses: number[] = new Array(all.length);
  let next = 0;
  let acknowledged = 0;
  const sender = async () => {
    while (next < all.length) {
      const index = next++;
      const status = await send(url, triggerId, all[index]!);
      statuses[index] = status;
      if (status >= 200 && status < 300) onAnswer(++acknowledged);
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return statuses;
}

const ok = (status: number) => status >= 200 && status < 300;

async function killMidLoadAndRestart(options: Record<string, unknown>) {
  const first = await startChild({ ...options, create: true });
  const { triggerId, secret } = first.ready;
  if (!triggerId || !secret) throw new Error("The child made no trigger.");
  const all = deliveries(secret);

  let killing: Promise<void> | undefined;
  const statuses = await sendAll(first.ready.url, triggerId, all, (acknowledged) => {
    if (acknowledged === KILL_AFTER) killing = first.kill();
  });
  await killing;
  const acknowledged = all.filter((_, index) => ok(statuses[index]!));
  const unacknowledged = all.filter((_, index) => !ok(statuses[index]!));
  // Killed mid-load: some were answered, the rest were cut off or refused.
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(unacknowledged.length).toBeGreaterThan(0);
  // Every answer before the kill was a 2xx: nothing was refused for another reason.
  expect(statuses.filter((status) => status !== 0 && !ok(status))).toEqual([]);

  const second = await startChild(options);
  try {
    const stored = await second.events();
    for (const delivery of acknowledged) expect(stored.get(delivery.id)).toBe(1);
    // Nothing is stored twice, and nothing that was never sent is there.
    const ids = new Set(all.map((delivery) => delivery.id));
    for (const [id, count] of stored) {
      expect(ids.has(id)).toBe(true);
      expect(count).toBe(1);
    }

    // GitHub redelivers what got no 2xx: each is stored once, including the ones that were
    // committed but whose answer was lost to the kill (dropped as repeats by delivery id).
    const resent = await sendAll(second.ready.url, triggerId, unacknowledged);
    expect(resent.every(ok)).toBe(true);
    // A repeat of an acknowledged delivery stores nothing either.
    const repeated = await sendAll(second.ready.url, triggerId, acknowledged.slice(0, 20));
    expect(repeated.every(ok)).toBe(true);

    const after = await second.events();
    expect(after.size).toBe(all.length);
    for (const delivery of all) expect(after.get(delivery.id)).toBe(1);
  } finally {
    await second.close();
  }
}

describe("ingress killed mid-load [pglite, on disk]", () => {
  it("keeps every acknowledged delivery exactly once across a SIGKILL", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "triggo-kill-"));
    try {
      await killMidLoadAndRestart({ backend: "pglite", dataDir });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(postgresProblem !== undefined)(
  `ingress killed mid-load [${postgresProblem ? `postgres (skipped: not reachable; set ${TEST_DATABASE_URL_ENV})` : "postgres"}]`,
  () => {
    it("keeps every acknowledged delivery exactly once across a SIGKILL", async () => {
      const schema = `triggo_test_${randomBytes(6).toString("hex")}`;
      try {
        await killMidLoadAndRestart({ backend: "postgres", postgresUrl, schema });
      } finally {
        const client = new pg.Client({ connectionString: postgresUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    }, 60_000);
  },
);
