import { useMockApi } from "@triggo/testing";
import { expect, it } from "vitest";
import { createCommitQueue, type PendingCommit } from "./ingress-commits";
import { describeEachDatabase } from "./runtime-test-databases";
import { githubCommitTrigger, providerHandlers } from "./runtime-test-support";
import { getTriggerInstance } from "./trigger-instance-rows";
import { createStagedStore } from "./trigger-state-store";

describeEachDatabase("ingress group commit", (database) => {
  useMockApi(...providerHandlers);

  const githubTrigger = () => githubCommitTrigger(database());

  const sha = (n: number) => n.toString(16).padStart(40, "0");

  it("commits concurrent deliveries together, each stored once, copies answered as duplicates", async () => {
    const { runtime, triggerId, deliver } = await githubTrigger();
    const endpoint = await runtime.deliveries.createEndpoint({ url: "https://app.example.com/h" });
    const answers = await Promise.all([
      ...Array.from({ length: 40 }, (_, n) => deliver(sha(n + 1), `delivery-${n + 1}`)),
      // The same delivery again while the first copy is under way, and a new delivery of a commit
      // already delivered: neither stores anything.
      deliver(sha(1), "delivery-1"),
      deliver(sha(2), "delivery-other"),
    ]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const bodies = answers.map((answer) => answer.body as { events: number; duplicate?: true });
    expect(bodies.filter((body) => body.duplicate)).toHaveLength(1);
    expect(bodies.reduce((sum, body) => sum + body.events, 0)).toBe(40);
    const rows = await database().query<{ event_id: string }>(
      "SELECT event_id FROM events WHERE instance_id = $1 ORDER BY event_id",
      [triggerId],
    );
    expect(rows.map((row) => row.event_id)).toEqual(
      Array.from({ length: 40 }, (_, n) => sha(n + 1)),
    );
    const queued = await database().query<{ endpoint_id: string }>(
      "SELECT endpoint_id FROM deliveries",
    );
    expect(queued).toHaveLength(40);
    expect(new Set(queued.map((row) => row.endpoint_id))).toEqual(new Set([endpoint.endpointId]));
  });

  it("commits the others when one delivery of a batch cannot be stored", async () => {
    const { triggerId } = await githubTrigger();
    const row = await getTriggerInstance(database(), triggerId);
    const enqueue = createCommitQueue(database());
    const commit = (instance: typeof row, id: string): PendingCommit => ({
      scope: instance.id,
      deliveryId: `delivery-${id}`,
      outcomes: [
        {
          row: instance,
          store: createStagedStore(database(), instance.id),
          events: [{ id, payload: { id } }],
        },
      ],
    });
    // An instance deleted after its delivery was verified: its events have nowhere to go.
    const gone = { ...row, id: "ti_deleted_meanwhile" };
    const results = await Promise.allSettled([
      enqueue(commit(row, "a")),
      enqueue(commit(gone, "b")),
      enqueue(commit(row, "c")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const rows = await database().query<{ event_id: string }>(
      "SELECT event_id FROM events ORDER BY event_id",
    );
    expect(rows.map((stored) => stored.event_id)).toEqual(["a", "c"]);
  });
});
