import { createTriggerHarness, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import eventFixture from "../__fixtures__/event.json";
import webhookEndpointFixture from "../__fixtures__/webhook-endpoint.json";
import { stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };
const secret = webhookEndpointFixture.secret;

describe("any_event", () => {
  const mock = useMockApi(...stripeHandlers);

  it("subscribes one endpoint to every chosen type and fires on any of them", async () => {
    const harness = createTriggerHarness(stripe, "any_event", {
      auth,
      props: { event_types: ["invoice.paid", "customer.created", "invoice.paid"] },
    });
    await harness.enable();
    expect(mock.lastCall().body).toMatchObject({
      "enabled_events[0]": "invoice.paid",
      "enabled_events[1]": "customer.created",
    });
    expect(mock.lastCall().body).not.toHaveProperty("enabled_events[2]");
    const created = await harness.deliver({ body: eventFixture, signWith: secret });
    expect(created.events.map((event) => event.id)).toEqual([eventFixture.id]);
    const paid = { ...eventFixture, id: "evt_paid", type: "invoice.paid" };
    expect((await harness.deliver({ body: paid, signWith: secret })).events).toHaveLength(1);
    const other = { ...eventFixture, id: "evt_other", type: "charge.refunded" };
    expect((await harness.deliver({ body: other, signWith: secret })).events).toEqual([]);
  });

  it("needs at least one event type, and only the listed ones", async () => {
    const none = createTriggerHarness(stripe, "any_event", { auth, props: { event_types: [] } });
    await expect(none.enable()).rejects.toMatchObject({ code: "VALIDATION" });
    const unknown = createTriggerHarness(stripe, "any_event", {
      auth,
      props: { event_types: ["nope"] },
    });
    await expect(unknown.enable()).rejects.toMatchObject({ code: "VALIDATION" });
    expect(mock.calls).toHaveLength(0);
  });
});
