import { signGitHubWebhook, verifyStandardWebhook } from "@triggo/shared";
import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Database, Queryable } from "./database";
import { createDeliveryWorker, type Deliveries, type DeliveryWorkerOptions } from "./delivery";
import type { Runtime } from "./runtime";
import { describeEachDatabase } from "./runtime-test-databases";
import {
  createTestRuntime,
  deliveryRequest,
  GITHUB_TOKEN,
  githubPush,
  PUBLIC_URL,
  providerHandlers,
  stateOf,
} from "./runtime-test-support";

const APP_URL = "https://app.test/triggo/events";
const SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const config = { owner: "octocat", repo: "Hello-World" };

function deliveriesOf(runtime: Runtime): Deliveries {
  if (!runtime.deliveries) throw new Error("The runtime has no deliveries.");
  return runtime.deliveries;
}

describeEachDatabase("outbound delivery", (database) => {
  const api = useMockApi(...providerHandlers);
  let now = Date.now() + 1000;
  const clock = () => now;

  beforeEach(() => {
    now = Date.now() + 1000;
  });
  afterEach(async () => {
    await database().query("DELETE FROM delivery_endpoints");
  });

  /** The application answers these statuses in order, then 200. */
  function application(...statuses: Array<number | "network">) {
    api.use(
      http.post(APP_URL, () => {
        const status = statuses.shift() ?? 200;
        if (status === "network") return HttpResponse.error();
        return HttpResponse.json({ ok: status < 300 }, { status });
      }),
    );
    return () => api.callsTo("POST", APP_URL);
  }

  async function githubTrigger(db: Database = database(), userId = "user-1") {
    const { runtime, logs } = await createTestRuntime(db);
    await runtime.connectedAccounts.create({
      userId,
      connector: "github",
      credentials: GITHUB_TOKEN,
    });
    const { triggerId } = await runtime.triggers.create(userId, "GITHUB_COMMIT_EVENT", {
      triggerConfig: config,
    });
    const secret = (await stateOf(database(), triggerId)).signingSecret as string;
    const push = async (sha: string, deliveryId: string) => {
      const rawBody = JSON.stringify(githubPush(sha));
      const response = await runtime.ingress.receive(
        triggerId,
        deliveryRequest(`${PUBLIC_URL}/webhooks/${triggerId}`, rawBody, {
          "x-github-event": "push",
          "x-github-delivery": deliveryId,
          ...signGitHubWebhook({ secret, body: rawBody }),
        }),
      );
      expect(response.status).toBe(200);
    };
    const worker = (options: DeliveryWorkerOptions = {}) =>
      createDeliveryWorker(runtime, { clock, random: () => 0.5, ...options });
    return { runtime, logs, triggerId, push, worker, deliveries: deliveriesOf(runtime) };
  }

  const deliveryRows = () =>
    database().query<{ id: string; endpoint_id: string; status: string; attempts: number }>(
      "SELECT id, endpoint_id, status, attempts FROM deliveries ORDER BY created_at, id",
    );

  it("stores one delivery with the event and POSTs it signed with Standard Webhooks headers", async () => {
    const { triggerId, push, worker, deliveries } = await githubTrigger();
    const endpoint = await deliveries.createEndpoint({ url: APP_URL });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await deliveries.listEndpoints()).toEqual([
      { endpointId: endpoint.endpointId, url: APP_URL, filters: {}, createdAt: expect.any(Date) },
    ]);
    const calls = application();

    await push(SHA, "delivery-1");
    const [row, ...more] = await deliveryRows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ endpoint_id: endpoint.endpointId, status: "pending", attempts: 0 });

    expect(await worker().runOnce()).toEqual({ delivered: 1, retrying: 0, failed: 0, dropped: 0 });
    const [call] = calls();
    expect(call?.headers["webhook-id"]).toBe(row?.id);
    expect(() =>
      verifyStandardWebhook({
        secret: endpoint.secret,
        body: call?.rawBody ?? "",
        headers: call?.headers ?? {},
        now: clock,
      }),
    ).not.toThrow();
    expect(call?.body).toEqual({
      type: "trigger.event",
      triggerId,
      slug: "GITHUB_NEW_COMMIT",
      userId: "user-1",
      eventId: SHA,
      occurredAt: expect.any(String),
      payload: expect.objectContaining({
        branch: "main",
        commit: expect.objectContaining({ id: SHA }),
      }),
    });
    expect(await deliveries.listAttempts({ eventId: SHA })).toEqual([
      {
        deliveryId: row?.id,
        endpointId: endpoint.endpointId,
        eventId: expect.stringMatching(/^ev_/),
        status: "delivered",
        attempt: 1,
        statusCode: 200,
        error: undefined,
        durationMs: expect.any(Number),
        at: new Date(now),
      },
    ]);
    // Delivered: nothing more to send.
    expect(await worker().runOnce()).toMatchObject({ delivered: 0 });
    expect(calls()).toHaveLength(1);
  });

  it("retries a 500 after the backoff with the same webhook-id, logging both attempts", async () => {
    const { push, worker, deliveries } = await githubTrigger();
    const { secret } = await deliveries.createEndpoint({ url: APP_URL });
    const calls = application(500);
    await push(SHA, "delivery-1");
    const sender = worker();

    expect(await sender.runOnce()).toMatchObject({ retrying: 1 });
    // Not due yet: 5 s (±10%) backoff.
    expect(await sender.runOnce()).toMatchObject({ delivered: 0, retrying: 0 });
    now += 6000;
    expect(await sender.runOnce()).toMatchObject({ delivered: 1 });

    const [first, second] = calls();
    expect(calls()).toHaveLength(2);
    expect(second?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
    verifyStandardWebhook({
      secret,
      body: second?.rawBody ?? "",
      headers: second?.headers ?? {},
      now: clock,
    });
    const attempts = await deliveries.listAttempts({
      deliveryId: first?.headers["webhook-id"] ?? "",
    });
    expect(
      attempts.map(({ attempt, statusCode, error }) => ({ attempt, statusCode, error })),
    ).toEqual([
      { attempt: 1, statusCode: 500, error: "HTTP 500" },
      { attempt: 2, statusCode: 200, error: undefined },
    ]);
  });

  it("sends again with the same webhook-id when the commit after the send fails (at least once)", async () => {
    const { database: flaky, control } = createFlakyDatabaseFor(database());
    const { push, worker, deliveries } = await githubTrigger(flaky);
    await deliveries.createEndpoint({ url: APP_URL });
    const calls = application();
    await push(SHA, "delivery-1");
    const sender = worker({ leaseMs: 30_000 });

    control.failing = true;
    expect(await sender.runOnce()).toMatchObject({ dropped: 1, delivered: 0 });
    expect(control.failed).toBe(1);
    expect(calls()).toHaveLength(1);
    // The lease hides it until it runs out.
    expect(await sender.runOnce()).toMatchObject({ delivered: 0 });
    now += 31_000;
    expect(await sender.runOnce()).toMatchObject({ delivered: 1 });

    const [first, second] = calls();
    expect(calls()).toHaveLength(2);
    expect(second?.headers["webhook-id"]).toBe(first?.headers["webhook-id"]);
    expect((await deliveryRows())[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("marks a delivery failed after maxAttempts, network errors included", async () => {
    const { push, worker, deliveries } = await githubTrigger();
    await deliveries.createEndpoint({ url: APP_URL });
    const calls = application(500, "network", 503, 500);
    await push(SHA, "delivery-1");
    const sender = worker({ maxAttempts: 3 });

    expect(await sender.runOnce()).toMatchObject({ retrying: 1 });
    now += 60 * 60 * 1000;
    expect(await sender.runOnce()).toMatchObject({ retrying: 1 });
    now += 60 * 60 * 1000;
    expect(await sender.runOnce()).toMatchObject({ failed: 1 });
    now += 60 * 60 * 1000;
    expect(await sender.runOnce()).toMatchObject({ delivered: 0, failed: 0, retrying: 0 });
    expect(calls()).toHaveLength(3);

    const attempts = await deliveries.listAttempts({ eventId: SHA });
    expect(attempts.map(({ statusCode, status }) => ({ statusCode, status }))).toEqual([
      { statusCode: 500, status: "failed" },
      { statusCode: undefined, status: "failed" },
      { statusCode: 503, status: "failed" },
    ]);
    expect(attempts[1]?.error).toBeTruthy();
  });

  it("respects the endpoints' filters", async () => {
    const { triggerId, push, deliveries } = await githubTrigger();
    const bySlug = await deliveries.createEndpoint({
      url: APP_URL,
      filters: { slugs: ["github_new_commit"], userIds: ["user-1"] },
    });
    const byTrigger = await deliveries.createEndpoint({
      url: APP_URL,
      filters: { triggerIds: [triggerId] },
    });
    await deliveries.createEndpoint({ url: APP_URL, filters: { userIds: ["user-2"] } });
    await deliveries.createEndpoint({ url: APP_URL, filters: { triggerIds: ["ti_other"] } });

    await push(SHA, "delivery-1");
    const rows = await deliveryRows();
    expect(rows.map((row) => row.endpoint_id).sort()).toEqual(
      [bySlug.endpointId, byTrigger.endpointId].sort(),
    );
    expect((await deliveries.listEndpoints()).map((endpoint) => endpoint.filters)).toContainEqual({
      slugs: ["GITHUB_NEW_COMMIT"],
      userIds: ["user-1"],
    });
  });

  it("stops delivering to a deleted endpoint", async () => {
    const { push, worker, deliveries } = await githubTrigger();
    const { endpointId } = await deliveries.createEndpoint({ url: APP_URL });
    const calls = application();
    await push(SHA, "delivery-1");
    expect(await deliveries.deleteEndpoint(endpointId)).toEqual({ endpointId, deleted: true });
    expect(await deliveries.deleteEndpoint(endpointId)).toEqual({ endpointId, deleted: false });
    await push("a".repeat(40), "delivery-2");

    expect(await worker().runOnce()).toMatchObject({ delivered: 0 });
    expect(calls()).toHaveLength(0);
    expect(await deliveryRows()).toEqual([]);
    expect(await deliveries.listEndpoints()).toEqual([]);
  });

  it("refuses a secret that is not whsec_ base64", async () => {
    const { deliveries } = await githubTrigger();
    await expect(deliveries.createEndpoint({ url: APP_URL, secret: "nope" })).rejects.toMatchObject(
      {
        code: "VALIDATION",
        message: expect.stringContaining("whsec_"),
        details: { issues: [expect.objectContaining({ prop: "secret" })] },
      },
    );
    await expect(deliveries.createEndpoint({ url: "ftp://x" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("http"),
      details: { issues: [expect.objectContaining({ prop: "url" })] },
    });
  });
});

/** The database, except that while `failing` is set, logging a delivery attempt throws. */
function createFlakyDatabaseFor(database: Database) {
  const control = { failing: false, failed: 0 };
  const wrap = (queryable: Queryable): Queryable => ({
    query: (sql, params) => {
      if (control.failing && sql.includes("INSERT INTO delivery_attempts")) {
        control.failing = false;
        control.failed += 1;
        return Promise.reject(new Error("Simulated crash while committing."));
      }
      return queryable.query(sql, params);
    },
    execute: (script) => queryable.execute(script),
  });
  const flaky: Database = {
    kind: database.kind,
    ...wrap(database),
    transaction: (work) => database.transaction((transaction) => work(wrap(transaction))),
    close: () => database.close(),
  };
  return { database: flaky, control };
}
