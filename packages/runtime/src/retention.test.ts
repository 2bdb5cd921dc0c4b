import { useMockApi } from "@triggo/testing";
import { expect, it } from "vitest";
import { DEFAULT_RETENTION, pruneRuntimeData } from "./retention";
import { describeEachDatabase } from "./runtime-test-databases";
import { githubCommitTrigger, providerHandlers } from "./runtime-test-support";

const DAY_MS = 24 * 60 * 60 * 1000;

describeEachDatabase("retention", (database) => {
  useMockApi(...providerHandlers);

  async function receivedCommits(shas: string[]) {
    const { runtime, triggerId, deliver } = await githubCommitTrigger(database());
    for (const sha of shas) expect((await deliver(sha, `delivery-${sha}`)).status).toBe(200);
    return { runtime, triggerId };
  }

  const age = (table: string, column: string, days: number, where = "TRUE") =>
    database().query(
      `UPDATE ${table} SET ${column} = now() - make_interval(days => $1) WHERE ${where}`,
      [days],
    );
  const count = async (table: string) =>
    Number((await database().query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  it("deletes old events and delivery ids, keeping recent ones and those still to be delivered", async () => {
    const shas = ["a", "b", "c", "d"].map((letter) => letter.repeat(40));
    const { runtime } = await receivedCommits(shas);
    // Events a and b are 40 days old; a still has a pending delivery to the application. c and d
    // arrived now. The delivery ids of a and b are 8 days old.
    await age("events", "received_at", 40, `event_id IN ('${shas[0]}', '${shas[1]}')`);
    await age(
      "webhook_deliveries",
      "received_at",
      8,
      `delivery_id IN ('delivery-${shas[0]}', 'delivery-${shas[1]}')`,
    );
    const endpoint = await runtime.deliveries.createEndpoint({ url: "https://app.example.com/h" });
    const [pendingEvent] = await database().query<{ id: string }>(
      "SELECT id FROM events WHERE event_id = $1",
      [shas[0]],
    );
    await database().query(
      `INSERT INTO deliveries (id, endpoint_id, event_id) VALUES ('dl_test_pending', $1, $2)`,
      [endpoint.endpointId, pendingEvent!.id],
    );

    const result = await pruneRuntimeData(database(), { batchSize: 1 });
    expect(result).toMatchObject({ events: 1, deliveryIds: 2 });
    const left = await database().query<{ event_id: string }>(
      "SELECT event_id FROM events ORDER BY event_id",
    );
    expect(left.map((row) => row.event_id)).toEqual([shas[0], shas[2], shas[3]]);
    expect(await count("webhook_deliveries")).toBe(2);

    // Once delivered, the old event goes too.
    await database().query("UPDATE deliveries SET status = 'delivered'");
    expect((await pruneRuntimeData(database())).events).toBe(1);
    expect(await count("events")).toBe(2);
    expect(await count("deliveries")).toBe(0);
  });

  it("keeps everything younger than its retention", async () => {
    await receivedCommits(["e".repeat(40), "f".repeat(40)]);
    await age("events", "received_at", 29);
    await age("webhook_deliveries", "received_at", 6);
    expect(await pruneRuntimeData(database())).toEqual({
      events: 0,
      deliveryIds: 0,
      lifecycleEvents: 0,
      connectionRequests: 0,
    });
    expect(await count("events")).toBe(2);
    expect(await count("webhook_deliveries")).toBe(2);
  });

  it("refuses a retention that is not a positive whole number, naming it", async () => {
    await expect(pruneRuntimeData(database(), { eventsMs: -1 })).rejects.toMatchObject({
      code: "CONFIGURATION",
      message: expect.stringContaining("eventsMs must be a positive whole number"),
    });
    expect(DEFAULT_RETENTION.deliveryIdsMs).toBe(7 * DAY_MS);
  });
});
