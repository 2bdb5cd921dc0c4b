import { createTriggerHarness, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import webhookEndpointFixture from "../__fixtures__/webhook-endpoint.json";
import { stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };
const secret = webhookEndpointFixture.secret;

/** Each single-event trigger and the Stripe event type it stands for. */
const TRIGGERS = [
  ["payment_succeeded", "payment_intent.succeeded"],
  ["payment_failed", "payment_intent.payment_failed"],
  ["new_customer", "customer.created"],
  ["new_subscription", "customer.subscription.created"],
  ["subscription_canceled", "customer.subscription.deleted"],
  ["invoice_paid", "invoice.paid"],
  ["charge_refunded", "charge.refunded"],
  ["checkout_session_completed", "checkout.session.completed"],
] as const;

describe.each(TRIGGERS)("%s", (name, type) => {
  const mock = useMockApi(...stripeHandlers);

  it(`subscribes its endpoint to ${type} only`, async () => {
    const harness = createTriggerHarness(stripe, name, { auth });
    await harness.enable();
    const body = mock.lastCall().body as Record<string, string>;
    expect(Object.entries(body).filter(([key]) => key.startsWith("enabled_events"))).toEqual([
      ["enabled_events[0]", type],
    ]);
  });

  it(`emits its documented sample, a ${type} event, and ignores other types`, async () => {
    const harness = createTriggerHarness(stripe, name, { auth });
    await harness.enable();
    const sample = stripe.getTrigger(name)!.sampleData as { id: string; type: string };
    expect(sample.type).toBe(type);
    const result = await harness.deliver({ body: sample, signWith: secret });
    expect(result.events.map((event) => event.id)).toEqual([sample.id]);
    const other = { ...sample, id: "evt_other", type: "customer.updated" };
    expect((await harness.deliver({ body: other, signWith: secret })).events).toEqual([]);
  });
});
