// Crash and restart for real: runtime processes (test-fixtures/crash-child.mjs, on the built code)
// are SIGKILLed in the middle of polling and of delivery, and started again on the same database.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { verifyStandardWebhook } from "@triggo/shared";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { postgresProblem, postgresUrl, TEST_DATABASE_URL_ENV } from "./runtime-test-databases";

const CHILD = fileURLToPath(new URL("./test-fixtures/crash-child.mjs", import.meta.url));
/** The kill points are random; set TRIGGO_CRASH_SEED to replay a run's choices. */
const SEED = Number(process.env.TRIGGO_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: the same kill points for the same seed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Line = { type: string } & Record<string, any>;

const running = new Set<Child>();

/** One runtime process, its JSON lines and its stderr. */
class Child {
  readonly lines: Line[] = [];
  stderr = "";
  exit: { code: number | null; signal: string | null } | undefined;
  private readonly process: ChildProcess;
  private readonly exited: Promise<void>;

  /** `tracked`: killed after a test if still running (not the template, which outlives tests). */
  constructor(config: Record<string, unknown>, tracked = true) {
    this.process = spawn(process.execPath, [CHILD], {
      env: { ...process.env, TRIGGO_CRASH_CHILD: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (tracked) running.add(this);
    createInterface({ input: this.process.stdout! }).on("line", (line) => {
      this.lines.push(JSON.parse(line) as Line);
    });
    this.process.stderr!.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      this.process.once("exit", (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        resolve();
      });
    });
  }

  latest(type: string): Line | undefined {
    return this.lines.findLast((line) => line.type === type);
  }

  /** Waits for `check` to hold; fails at once if the process died. */
  async until<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000) {
    return waitFor(what, check, timeoutMs, this);
  }

  ready() {
    return this.until("the child to be ready", () => this.latest("ready"), 60_000);
  }

  /** SIGKILL: no cleanup at all, as in a crash or an OOM kill. */
  async kill() {
    this.process.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM: the child stops its loop, reports what the database holds, and exits. */
  async stop(): Promise<Line> {
    this.process.kill("SIGTERM");
    await this.exited;
    const report = this.latest("report");
    if (!report) throw new Error(`The child exited without a report: ${this.describe()}`);
    return report;
  }

  describe() {
    return `exit ${JSON.stringify(this.exit)}, seed ${SEED}, stderr: ${this.stderr.slice(-3000)}`;
  }
}

async function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 20_000,
  child?: Child,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (child?.exit) throw new Error(`Waiting for ${what}, the child exited: ${child.describe()}`);
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what} (seed ${SEED}). ${child?.describe() ?? ""}`);
    }
    await sleep(10);
  }
}

const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * GitHub's commits API for octocat/Hello-World (and its hooks API), on loopback. Answers after
 * 0-50 ms, so that kills land inside polls too; `holdNext` keeps the next commits
 * request unanswered.
 */
async function fakeGitHub(random: () => number) {
  const commits: Array<{ sha: string; date: string }> = []; // newest first
  const requests: Array<{ at: number }> = [];
  const held: Array<{ at: number; response: ServerResponse }> = [];
  let holdNext = false;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (request.method === "POST" && url.pathname.endsWith("/hooks")) {
      send(201, { id: 12345678, name: "web", active: true, events: ["push"] });
    } else if (request.method === "DELETE") {
      send(204, undefined);
    } else if (request.method === "GET" && url.pathname === "/repos/octocat/Hello-World/commits") {
      const at = Date.now();
      requests.push({ at });
      if (holdNext) {
        holdNext = false;
        held.push({ at, response });
        return;
      }
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const items = commits.slice((page - 1) * perPage, page * perPage).map(({ sha, date }) => {
        const actor = { name: "Monalisa Octocat", email: "mona@github.com", date };
        return {
          sha,
          html_url: `https://github.com/octocat/Hello-World/commit/${sha}`,
          commit: { message: `Commit ${sha}`, author: actor, committer: actor },
          author: null,
          committer: null,
        };
      });
      const headers: Record<string, string> = {};
      if (page * perPage < commits.length) {
        const next = new URL(`https://api.github.com${url.pathname}${url.search}`);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next}>; rel="next"`;
      }
      setTimeout(() => send(200, items, headers), Math.floor(random() * 50));
    } else {
      send(404, { message: "Not Found" });
    }
  });
  const url = await listen(server);
  return {
    url,
    requests,
    held,
    /** New commits at the head; returns their SHAs oldest first (the order they are emitted in). */
    push(count: number): string[] {
      const first = commits.length;
      const added = Array.from({ length: count }, (_, offset) => {
        const index = first + offset;
        return {
          sha: `c${String(index).padStart(39, "0")}`,
          date: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
        };
      });
      commits.unshift(...[...added].reverse());
      return added.map((commit) => commit.sha);
    },
    holdNext() {
      holdNext = true;
    },
    /** Forgets the held requests (their client is dead). */
    dropHeld() {
      for (const { response } of held.splice(0)) response.destroy();
    },
  };
}

interface Received {
  webhookId: string;
  eventId: string;
  verified: boolean;
  status?: number;
}

/**
 * The application's endpoint, on loopback: verifies each request's Standard Webhooks signature;
 * answers 503 the first time it answers a webhook-id and 200 after that (so every delivery is
 * retried once); while `holding`, answers nothing.
 */
async function application(secret: string) {
  const requests: Received[] = [];
  const held: Array<{ received: Received; response: ServerResponse }> = [];
  const answeredOnce = new Set<string>();
  const control = { holding: true };
  const answer = (received: Received, response: ServerResponse) => {
    received.status = answeredOnce.has(received.webhookId) ? 200 : 503;
    answeredOnce.add(received.webhookId);
    response.writeHead(received.status).end();
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const headers = request.headers as Record<string, string>;
      let verified = true;
      try {
        verifyStandardWebhook({ secret, body, headers });
      } catch {
        verified = false;
      }
      const received: Received = {
        webhookId: headers["webhook-id"] ?? "",
        eventId: (JSON.parse(body) as { eventId: string }).eventId,
        verified,
      };
      requests.push(received);
      if (control.holding) held.push({ received, response });
      else answer(received, response);
    });
  });
  const url = await listen(server);
  return {
    url: `${url}/triggo/events`,
    requests,
    held,
    control,
    answerHeld(count: number) {
      for (const { received, response } of held.splice(0, count)) answer(received, response);
    },
    /** Drops the held requests (their client is dead); returns their webhook-ids. */
    dropHeld(): string[] {
      return held.splice(0).map(({ received, response }) => {
        response.destroy();
        return received.webhookId;
      });
    },
  };
}

type DatabaseConfig =
  | { kind: "postgres"; url: string; schema: string }
  | { kind: "pglite"; dataDir: string };

interface Backend {
  label: string;
  skip: boolean;
  /** How many random kills the polling test makes (PGlite takes ~2 s to reopen). */
  randomKills: number;
  open(): Promise<{ database: DatabaseConfig; dispose(): Promise<void> }>;
}

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "triggo-crash-"));
  tempDirs.push(dir);
  return dir;
};

/**
 * A migrated PGlite data directory, made once (a fresh PGlite takes ~10 s to initialise) in a child
 * process while the Postgres tests run; each test copies it.
 */
let pgliteTemplate: Promise<string> | undefined;
let templateChild: Child | undefined;
function migratedPgliteTemplate(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const dataDir = join(tempDir(), "template");
    const child = new Child({ mode: "init", database: { kind: "pglite", dataDir } }, false);
    templateChild = child;
    await waitFor("the PGlite template", () => child.exit, 60_000);
    if (child.exit?.code !== 0) throw new Error(`The template failed: ${child.describe()}`);
    return dataDir;
  })();
  return pgliteTemplate;
}

const BACKENDS: Backend[] = [
  {
    label: postgresProblem
      ? `postgres (skipped: not reachable; set ${TEST_DATABASE_URL_ENV})`
      : "postgres",
    skip: postgresProblem !== undefined,
    randomKills: 6,
    async open() {
      // Its own schema per test, dropped at the end.
      const schema = `triggo_crash_${randomBytes(6).toString("hex")}`;
      return {
        database: { kind: "postgres", url: postgresUrl, schema },
        async dispose() {
          const client = new pg.Client({ connectionString: postgresUrl });
          await client.connect();
          try {
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          } finally {
            await client.end();
          }
        },
      };
    },
  },
  {
    label: "pglite (file data dir)",
    skip: false,
    randomKills: 2,
    async open() {
      const dataDir = join(tempDir(), "data");
      cpSync(await migratedPgliteTemplate(), dataDir, { recursive: true });
      return { database: { kind: "pglite", dataDir }, dispose: async () => undefined };
    },
  },
];

// Start the template now, alongside the Postgres tests.
void migratedPgliteTemplate().catch(() => undefined);

afterEach(async () => {
  // A failed test may leave its children running.
  await Promise.all([...running].map((child) => child.kill()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

afterAll(async () => {
  // Unused when only the Postgres tests ran: it may still be initialising.
  if (templateChild && !templateChild.exit) await templateChild.kill();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The poller's clock runs this many times faster: the trigger's 300 s interval is 0.3 s. */
const SCALE = 1000;
/** The poller's lease: 0.6 s of real time (and polls time out after 0.4 s, under it). */
const POLL_LEASE_MS = 600 * SCALE;

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`crash and restart [${backend.label}]`, () => {
    let disposeDatabase: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await disposeDatabase?.();
      disposeDatabase = undefined;
    });
    const openDatabase = async () => {
      const opened = await backend.open();
      disposeDatabase = opened.dispose;
      return opened.database;
    };

    it(`polling: a poller killed mid-poll and at ${backend.randomKills} random points stores every new commit exactly once`, async () => {
      const random = seeded(SEED);
      const database = await openDatabase();
      const github = await fakeGitHub(random);
      const base = Date.now();
      const virtualAt = (at: number) => base + (at - base) * SCALE;
      const start = (setup: boolean) =>
        new Child({
          mode: "poll",
          database,
          apiUrl: github.url,
          setup,
          clock: { base, scale: SCALE },
          leaseMs: POLL_LEASE_MS,
          pollTimeoutMs: 400,
          maxBackoffMs: 3000 * SCALE,
        });

      // History before the trigger is enabled is never emitted.
      github.push(3);
      let child = start(true);
      await child.ready();
      const expected: string[] = [];

      // 1. Killed while a poll's request is in flight (between the fetch and the commit).
      expected.push(...github.push(2));
      github.holdNext();
      const held = await child.until("a poll's request held", () => github.held[0]);
      const previous = github.requests.at(-2)!; // the enable's call or the previous poll
      await child.kill();
      github.dropHeld();
      const requestsAtKill = github.requests.length;
      child = start(false);
      const { nextPollAt } = await child.ready();
      // The dead poller's lease: taken after the previous call, before the held one...
      // so it blocks the instance no longer than the lease duration...
      expect(nextPollAt).toBeGreaterThanOrEqual(virtualAt(previous.at) + POLL_LEASE_MS);
      expect(nextPollAt).toBeLessThanOrEqual(virtualAt(held.at) + POLL_LEASE_MS);
      // ...which the restarted poller honours and then takes over.
      const repoll = await child.until(
        "the restarted poller to poll again",
        () => github.requests[requestsAtKill],
      );
      expect(virtualAt(repoll.at)).toBeGreaterThanOrEqual(nextPollAt);
      await child.until("the held poll's commits", () => child.latest("status")?.events >= 2);

      // 2. Killed at random points over several rounds, while commits keep coming.
      // Half the kills aim at a poll: a few ms after its request arrives (the fake answers after
      // 0-50 ms; the commit follows the answer), so they land before, during or just after the
      // commit; the others at any time.
      for (let round = 0; round < backend.randomKills; round += 1) {
        if (random() < 0.7) expected.push(...github.push(1 + Math.floor(random() * 2)));
        if (random() < 0.5) {
          const seen = github.requests.length;
          await child.until("a poll", () => github.requests.length > seen);
          await sleep(random() * 70);
        } else {
          await sleep(random() * 250);
          if (random() < 0.5) expected.push(...github.push(1));
          await sleep(random() * 250);
        }
        await child.kill();
        if (random() < 0.5) expected.push(...github.push(1)); // while nothing runs
        child = start(false);
        await child.ready();
      }

      // 3. The last one runs until every commit is stored, and stops cleanly.
      expected.push(...github.push(2));
      await child.until(
        `all ${expected.length} commits stored`,
        () => (child.latest("status")?.events ?? 0) >= expected.length,
      );
      const report = await child.stop();
      // Each commit once, none lost, none from before the enable, in the order they were pushed.
      expect(report.events, `seed ${SEED}`).toEqual(expected);
    }, 90_000);

    it("delivery: a worker killed mid-batch and again while delivering gets every event to the endpoint under one webhook-id", async () => {
      const random = seeded(SEED + 1);
      const database = await openDatabase();
      const github = await fakeGitHub(random);
      const secret = `whsec_${randomBytes(24).toString("base64")}`;
      const app = await application(secret);
      const EVENTS = 12;
      const BATCH = 4;
      const start = (setup: boolean) =>
        new Child({
          mode: "deliver",
          database,
          apiUrl: github.url,
          setup,
          endpointUrl: app.url,
          secret,
          events: EVENTS,
          batchSize: BATCH,
          leaseMs: 2500,
          timeoutMs: 2000,
        });

      let child = start(true);
      const { eventIds } = await child.ready();
      expect(eventIds).toHaveLength(EVENTS);

      // 1. A full batch in flight, the endpoint holding it: two answers go out, then the kill.
      await child.until("a full batch in flight", () => app.held.length === BATCH);
      app.answerHeld(2);
      await sleep(random() * 20);
      await child.kill();
      const unanswered = app.dropHeld();
      expect(unanswered).toHaveLength(BATCH - 2);
      app.control.holding = false;

      // 2. Restarted, and killed again at a random point while it delivers.
      const sentBefore = app.requests.length;
      child = start(false);
      await child.ready();
      await child.until("the restarted worker to send", () => app.requests.length > sentBefore);
      await sleep(random() * 150);
      await child.kill();

      // 3. The last one delivers the rest, and stops cleanly.
      child = start(false);
      await child.ready();
      await child.until(
        "every delivery delivered",
        () => (child.latest("status")?.delivered ?? 0) >= EVENTS,
      );
      const report = await child.stop();
      const message = `seed ${SEED + 1}`;

      // Every request was signed; the receiver can dedupe by webhook-id: one per event, stable
      // across every attempt, and as many as there are events.
      expect(app.requests.every((received) => received.verified)).toBe(true);
      const idsByEvent = new Map<string, Set<string>>();
      for (const { eventId, webhookId } of app.requests) {
        idsByEvent.set(eventId, (idsByEvent.get(eventId) ?? new Set()).add(webhookId));
      }
      expect([...idsByEvent.keys()].sort()).toEqual([...eventIds].sort());
      for (const ids of idsByEvent.values()) expect(ids.size, message).toBe(1);
      const webhookIds = new Set(app.requests.map((received) => received.webhookId));
      expect(webhookIds.size).toBe(EVENTS);
      // Each reached the endpoint (answered 200) at least once.
      for (const id of webhookIds) {
        expect(app.requests.some((r) => r.webhookId === id && r.status === 200)).toBe(true);
      }
      // The requests in flight at the kill were sent again.
      for (const id of unanswered) {
        expect(app.requests.filter((r) => r.webhookId === id).length).toBeGreaterThanOrEqual(2);
      }

      // The database: the deliveries are the webhook-ids, all delivered; each log is failed
      // attempts (the 503; a kill may have lost that outcome, and the request was sent again)
      // ending in the 200, and shows the retry.
      const deliveries = report.deliveries as Array<{
        id: string;
        status: string;
        attempts: number;
      }>;
      expect(new Set(deliveries.map((delivery) => delivery.id))).toEqual(webhookIds);
      const logs = deliveries.map((delivery) => {
        const attempts = (report.attempts as Array<Record<string, any>>).filter(
          (attempt) => attempt.deliveryId === delivery.id,
        );
        expect(delivery.status).toBe("delivered");
        expect(attempts.map((attempt) => attempt.attempt)).toEqual(
          Array.from({ length: delivery.attempts }, (_, index) => index + 1),
        );
        expect(attempts.at(-1)?.statusCode, message).toBe(200);
        for (const failed of attempts.slice(0, -1)) expect(failed.statusCode).not.toBe(200);
        return attempts.map((attempt) => attempt.statusCode ?? "error").join(",");
      });
      expect(logs, message).toContain("503,200");
    }, 90_000);
  });
}
