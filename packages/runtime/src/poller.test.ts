import { ConnectorError, verifyStandardWebhook } from "@triggo/shared";
import { HttpResponse, useMockApi } from "@triggo/testing";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Database } from "./database";
import { createPostgresDatabase } from "./database-postgres";
import { createDeliveryWorker } from "./delivery";
import type { LifecycleEvent, RuntimeEvent } from "./event-bus";
import { createPoller, type PollerOptions, subscribeLifecycle } from "./poller";
import type { PollRow } from "./poller-rows";
import {
  badCredentials,
  commitsUrlOf,
  createCommitsApi,
  createFlakyDatabase,
  serverError,
} from "./poller-test-support";
import type { Runtime } from "./runtime";
import { RUNTIME_INTERNALS } from "./runtime-internals";
import { describeEachDatabase, TEST_DATABASE_URL_ENV } from "./runtime-test-databases";
import { createTestRuntime, GITHUB_TOKEN } from "./runtime-test-support";

const SLUG = "GITHUB_NEW_COMMIT_POLLING";
/** new_commit_polling's interval (the SDK's default, 300 s). */
const INTERVAL_MS = 300_000;

describeEachDatabase("poller", (database) => {
  const commits = createCommitsApi();
  const api = useMockApi(commits.handler);
  beforeEach(() => commits.reset());
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A runtime with a GitHub account for user-1, a clock the test moves, no jitter. */
  async function setup(db: Database = database(), options: PollerOptions = {}) {
    const { runtime, logs } = await createTestRuntime(db);
    const account = await runtime.connectedAccounts.create({
      userId: "user-1",
      connector: "github",
      credentials: GITHUB_TOKEN,
    });
    const clock = { now: Date.now() };
    const poller = createPoller(runtime, {
      clock: () => clock.now,
      random: () => 0.5,
      ...options,
    });
    return { runtime, logs, account, clock, poller };
  }

  async function pollingTrigger(runtime: Runtime, repo = "Hello-World") {
    const { triggerId } = await runtime.triggers.create("user-1", SLUG, {
      triggerConfig: { owner: "octocat", repo },
    });
    return triggerId;
  }

  const rowOf = async (triggerId: string) =>
    (
      await database().query<PollRow>("SELECT * FROM trigger_instances WHERE id = $1", [triggerId])
    )[0]!;

  const storedEventIds = async (triggerId: string) =>
    (
      await database().query<{ event_id: string }>(
        "SELECT event_id FROM events WHERE instance_id = $1 ORDER BY position",
        [triggerId],
      )
    ).map((row) => row.event_id);

  it("sets the first poll one interval after enabling, and polls nothing before it is due", async () => {
    commits.push("Hello-World", 2);
    const before = Date.now();
    const { runtime, clock, poller } = await setup();
    const triggerId = await pollingTrigger(runtime);
    const row = await rowOf(triggerId);
    expect(row.next_poll_at!.getTime()).toBeGreaterThanOrEqual(before + INTERVAL_MS);
    expect(row.next_poll_at!.getTime()).toBeLessThanOrEqual(Date.now() + INTERVAL_MS);

    const calls = api.callsTo("GET", commitsUrlOf("Hello-World")).length;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 0 });
    clock.now += INTERVAL_MS - 60_000;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 0 });
    expect(api.callsTo("GET", commitsUrlOf("Hello-World"))).toHaveLength(calls);
  });

  it("emits no backlog on enable, then only new commits across several pages, stored and delivered once", async () => {
    commits.push("Hello-World", 3, "old");
    const { runtime, clock, poller } = await setup();
    const triggerId = await pollingTrigger(runtime);
    const received: RuntimeEvent[] = [];
    runtime.subscribe((event) => void received.push(event), { triggerIds: [triggerId] });

    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 1, events: 0, failures: 0 });
    expect(await storedEventIds(triggerId)).toEqual([]);

    // 150 new commits: two pages of 100.
    const fresh = commits.push("Hello-World", 150, "new");
    api.reset();
    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 1, events: 150, failures: 0 });
    expect(api.callsTo("GET", commitsUrlOf("Hello-World")).length).toBeGreaterThanOrEqual(2);
    expect(await storedEventIds(triggerId)).toEqual(fresh);
    expect(received.map((event) => event.eventId)).toEqual(fresh);
    expect(received[0]).toMatchObject({
      triggerId,
      slug: SLUG,
      toolkit: "github",
      userId: "user-1",
      deliveryId: undefined,
      payload: { sha: fresh[0] },
    });

    // Polled again at once: not due. Due again: nothing new.
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 0 });
    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 1, events: 0, failures: 0 });
    expect(received).toHaveLength(150);
    const row = await rowOf(triggerId);
    expect(row.next_poll_at!.getTime()).toBe(clock.now + INTERVAL_MS);
    expect(row.last_polled_at!.getTime()).toBe(clock.now);
  });

  it("spreads the next poll by at most ±10%", async () => {
    const { runtime, clock } = await setup();
    const triggerId = await pollingTrigger(runtime);
    for (const [random, factor] of [
      [0, 0.9],
      [0.999999, 1.1],
    ] as const) {
      clock.now += 2 * INTERVAL_MS;
      const poller = createPoller(runtime, { clock: () => clock.now, random: () => random });
      expect(await poller.runOnce()).toMatchObject({ polled: 1 });
      const next = (await rowOf(triggerId)).next_poll_at!.getTime();
      expect(Math.abs(next - (clock.now + INTERVAL_MS * factor))).toBeLessThanOrEqual(1);
    }
  });

  it("after a crash between fetching and committing, the next poll emits the new commits once", async () => {
    const flaky = createFlakyDatabase(database());
    const { runtime, clock, poller } = await setup(flaky.database);
    const triggerId = await pollingTrigger(runtime);
    const received: RuntimeEvent[] = [];
    runtime.subscribe((event) => void received.push(event));
    const fresh = commits.push("Hello-World", 4);
    const stateBefore = await database().query(
      "SELECT key, value FROM trigger_state WHERE instance_id = $1",
      [triggerId],
    );

    flaky.control.failing = true;
    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 1 });
    expect(flaky.control.failed).toBe(1);
    expect(await storedEventIds(triggerId)).toEqual([]);
    expect(received).toEqual([]);
    expect(
      await database().query("SELECT key, value FROM trigger_state WHERE instance_id = $1", [
        triggerId,
      ]),
    ).toEqual(stateBefore);
    expect(await rowOf(triggerId)).toMatchObject({
      poll_failures: 1,
      last_poll_error: expect.stringContaining("Simulated crash"),
    });

    clock.now += 2 * INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 1, events: 4, failures: 0 });
    expect(await storedEventIds(triggerId)).toEqual(fresh);
    expect(received.map((event) => event.eventId)).toEqual(fresh);
    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 1, events: 0, failures: 0 });
  });

  it("backs off exponentially after server errors, and resets after a success", async () => {
    const { runtime, clock, poller } = await setup();
    const triggerId = await pollingTrigger(runtime);
    commits.push("Hello-World", 1);

    commits.failNext(serverError, serverError);
    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 1 });
    let row = await rowOf(triggerId);
    expect(row).toMatchObject({ status: "enabled", poll_failures: 1, poll_auth_failures: 0 });
    expect(row.last_poll_error).toMatch(/^PROVIDER_ERROR|500|Server Error/);
    expect(row.next_poll_at!.getTime()).toBe(clock.now + 2 * INTERVAL_MS);

    clock.now += INTERVAL_MS; // not due yet
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 0 });
    clock.now += INTERVAL_MS;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 1 });
    row = await rowOf(triggerId);
    expect(row.poll_failures).toBe(2);
    expect(row.next_poll_at!.getTime()).toBe(clock.now + 4 * INTERVAL_MS);

    clock.now += 4 * INTERVAL_MS;
    expect(await poller.runOnce()).toEqual({ polled: 1, events: 1, failures: 0 });
    row = await rowOf(triggerId);
    expect(row).toMatchObject({ poll_failures: 0, last_poll_error: null });
    expect(row.next_poll_at!.getTime()).toBe(clock.now + INTERVAL_MS);
  });

  it("waits as long as a rate limit's Retry-After asks when that is longer than the backoff", async () => {
    const { runtime, clock, poller } = await setup();
    const triggerId = await pollingTrigger(runtime);
    commits.failNext(
      () =>
        HttpResponse.json(
          { message: "API rate limit exceeded" },
          { status: 429, headers: { "retry-after": "3600" } },
        ) as Response,
    );
    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 1 });
    const row = await rowOf(triggerId);
    expect(row.last_poll_error).toMatch(/^RATE_LIMITED/);
    expect(Math.abs(row.next_poll_at!.getTime() - (clock.now + 3_600_000))).toBeLessThan(1000);
  });

  it("disables the instance after three AUTH_INVALID failures, with the reason and a lifecycle event", async () => {
    const { runtime, account, clock, poller } = await setup();
    const triggerId = await pollingTrigger(runtime);
    const lifecycle: LifecycleEvent[] = [];
    subscribeLifecycle(runtime, (event) => void lifecycle.push(event));
    const endpoint = await runtime.deliveries.createEndpoint({
      url: "https://app.example.com/triggo",
      filters: { triggerIds: [triggerId] },
    });

    commits.failNext(badCredentials, badCredentials, badCredentials);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      clock.now += 24 * 60 * 60 * 1000;
      expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 1 });
      if (attempt < 3) {
        expect(await rowOf(triggerId)).toMatchObject({
          status: "enabled",
          poll_auth_failures: attempt,
        });
        expect(lifecycle).toEqual([]);
      }
    }
    const trigger = await runtime.triggers.get(triggerId);
    expect(trigger.status).toBe("disabled");
    expect(trigger.disabledReason).toMatch(/AUTH_INVALID/);
    expect((await rowOf(triggerId)).next_poll_at).toBeNull();
    expect(lifecycle).toEqual([
      expect.objectContaining({
        type: "trigger.disabled",
        triggerId,
        slug: SLUG,
        userId: "user-1",
        connectedAccountId: account.id,
        code: "AUTH_INVALID",
        reason: trigger.disabledReason,
      }),
    ]);
    // Stored with the change, and sent to the application's endpoint like an event.
    const sent: { headers: Headers; body: string }[] = [];
    const worker = createDeliveryWorker(runtime, {
      clock: () => clock.now,
      fetch: async (_url, init) => {
        sent.push({ headers: new Headers(init?.headers), body: String(init?.body) });
        return new Response(null, { status: 204 });
      },
    });
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    const [delivery] = sent;
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: "trigger.disabled",
      triggerId,
      code: "AUTH_INVALID",
      reason: trigger.disabledReason,
      lifecycleEventId: expect.stringMatching(/^le_/),
    });
    expect(() =>
      verifyStandardWebhook({
        secret: endpoint.secret,
        body: delivery!.body,
        headers: delivery!.headers,
        now: () => clock.now,
      }),
    ).not.toThrow();
    // AUTH_INVALID leaves the account as it is; the disabled instance is not polled.
    expect((await runtime.connectedAccounts.get(account.id)).status).toBe("active");
    clock.now += 24 * 60 * 60 * 1000;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 0 });

    // Enabling again starts counting afresh.
    await runtime.triggers.enable(triggerId);
    expect(await rowOf(triggerId)).toMatchObject({ status: "enabled", poll_auth_failures: 0 });
  });

  it("marks the account expired when the failures were AUTH_EXPIRED", async () => {
    const { runtime, account, clock } = await setup();
    const triggerId = await pollingTrigger(runtime);
    const internals = runtime[RUNTIME_INTERNALS]!;
    const poller = createPoller(
      {
        ...internals,
        clients: {
          forAccount: async () => {
            throw new ConnectorError("AUTH_EXPIRED", "The refresh token was revoked.");
          },
        },
      },
      { clock: () => clock.now, random: () => 0.5, authFailureLimit: 2 },
    );
    const lifecycle: LifecycleEvent[] = [];
    subscribeLifecycle(runtime, (event) => void lifecycle.push(event));
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      clock.now += 24 * 60 * 60 * 1000;
      expect(await poller.runOnce()).toMatchObject({ failures: 1 });
    }
    expect((await runtime.triggers.get(triggerId)).status).toBe("disabled");
    expect(lifecycle).toEqual([
      expect.objectContaining({ type: "trigger.disabled", code: "AUTH_EXPIRED", triggerId }),
      expect.objectContaining({
        type: "account.expired",
        code: "AUTH_EXPIRED",
        connectedAccountId: account.id,
      }),
    ]);
    const expired = await runtime.connectedAccounts.get(account.id);
    expect(expired.status).toBe("expired");
  });

  it("drops a poll's outcome when the instance was disabled while it was polled", async () => {
    const { runtime, clock } = await setup();
    const triggerId = await pollingTrigger(runtime);
    commits.push("Hello-World", 2);
    const internals = runtime[RUNTIME_INTERNALS]!;
    const poller = createPoller(
      {
        ...internals,
        clients: {
          async forAccount(connector, account) {
            await runtime.triggers.disable(triggerId, "by hand");
            return internals.clients.forAccount(connector, account);
          },
        },
      },
      { clock: () => clock.now, random: () => 0.5 },
    );
    clock.now += INTERVAL_MS + 1000;
    expect(await poller.runOnce()).toEqual({ polled: 0, events: 0, failures: 1 });
    expect(await storedEventIds(triggerId)).toEqual([]);
    expect(await rowOf(triggerId)).toMatchObject({
      status: "disabled",
      disabled_reason: "by hand",
      next_poll_at: null,
      poll_failures: 0,
    });
  });

  it("start runs rounds on its timer, and stop waits for the round under way", async () => {
    const { runtime, clock } = await setup();
    const triggerId = await pollingTrigger(runtime);
    const fresh = commits.push("Hello-World", 2);
    clock.now += INTERVAL_MS + 1000;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const poller = createPoller(runtime, { clock: () => clock.now, random: () => 0.5 });
    poller.start();
    vi.advanceTimersByTime(0);
    await poller.stop();
    expect(await storedEventIds(triggerId)).toEqual(fresh);

    // Stopped: no more rounds, however long it waits.
    commits.push("Hello-World", 1, "later");
    clock.now += INTERVAL_MS + 1000;
    vi.advanceTimersByTime(5000);
    vi.useRealTimers();
    expect(await storedEventIds(triggerId)).toEqual(fresh);
  });

  it("polls each due instance exactly once per round with two runtimes on one database", async (context) => {
    if (database().kind !== "postgres") context.skip();
    const [{ schema } = { schema: "" }] = await database().query<{ schema: string }>(
      "SELECT current_schema() AS schema",
    );
    const second = await createPostgresDatabase({
      connectionString:
        process.env[TEST_DATABASE_URL_ENV] || "postgres://postgres@127.0.0.1:5432/test",
      schema,
    });
    try {
      const repos = ["r1", "r2", "r3", "r4", "r5", "r6", "r7"];
      const a = await setup(database(), { batchSize: 3 });
      const { runtime: runtimeB } = await createTestRuntime(second);
      const pollerB = createPoller(runtimeB, {
        clock: () => a.clock.now,
        random: () => 0.5,
        batchSize: 3,
      });
      const received: string[] = [];
      a.runtime.subscribe((event) => void received.push(event.eventId));
      runtimeB.subscribe((event) => void received.push(event.eventId));
      for (const repo of repos) {
        commits.push(repo, 1, "old");
        await pollingTrigger(a.runtime, repo);
      }
      const fresh = repos.flatMap((repo) => commits.push(repo, 2, "new"));

      for (let round = 1; round <= 2; round += 1) {
        api.reset();
        a.clock.now += INTERVAL_MS + 1000;
        // Several rounds at once on both pollers, until none claims anything.
        let total = 0;
        for (;;) {
          const results = await Promise.all([
            a.poller.runOnce(),
            pollerB.runOnce(),
            a.poller.runOnce(),
            pollerB.runOnce(),
          ]);
          const polled = results.reduce((sum, result) => sum + result.polled, 0);
          expect(results.every((result) => result.failures === 0)).toBe(true);
          if (polled === 0) break;
          total += polled;
        }
        expect(total).toBe(repos.length);
        for (const repo of repos) {
          expect(api.callsTo("GET", commitsUrlOf(repo))).toHaveLength(1);
        }
      }
      expect([...received].sort()).toEqual([...fresh].sort());
      expect(
        await database().query<{ count: string }>("SELECT count(*)::text AS count FROM events"),
      ).toEqual([{ count: String(fresh.length) }]);
    } finally {
      await second.close();
    }
  });
});
