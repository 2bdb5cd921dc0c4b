import { createHmac } from "node:crypto";
import {
  createTriggerHarness,
  HttpResponse,
  http,
  TEST_WEBHOOK_URL,
  useMockApi,
} from "@triggo/testing";
import { describe, expect, it } from "vitest";
import paymentIntentFixture from "./__fixtures__/payment-intent.json";
import webhookEndpointFixture from "./__fixtures__/webhook-endpoint.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_ACCOUNT, TEST_KEY } from "./mocks";
import { stripe } from "./stripe-connector";
import { STRIPE_API_VERSION } from "./stripe-http";
import { sampleEvent } from "./stripe-webhook";

const auth = { apiKey: TEST_KEY };
const secret = webhookEndpointFixture.secret;
const succeeded = {
  ...sampleEvent("payment_intent.succeeded", { ...paymentIntentFixture, status: "succeeded" }),
  id: "evt_3MtwBwLkdIwHu7ix0xk0h8Zc",
};

async function enabledHarness() {
  const harness = createTriggerHarness(stripe, "payment_succeeded", { auth });
  await harness.enable();
  return harness;
}

function signature(body: string, timestamp: number, key = secret) {
  return createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex");
}

describe("Stripe webhook triggers (payment_succeeded)", () => {
  const mock = useMockApi(...stripeHandlers);

  it("creates a webhook endpoint for only its event type, on the pinned version, and keeps its id and secret", async () => {
    const harness = await enabledHarness();
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/webhook_endpoints",
    });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(call.headers["idempotency-key"]).toBeDefined();
    expect(call.body).toEqual({
      url: TEST_WEBHOOK_URL,
      "enabled_events[0]": "payment_intent.succeeded",
      api_version: STRIPE_API_VERSION,
      description: "Triggo: Payment succeeded",
      "metadata[triggo_trigger]": "payment_succeeded",
    });
    expect(harness.store.snapshot()).toEqual({
      webhookEndpointId: webhookEndpointFixture.id,
      signingSecret: secret,
    });
  });

  it("fails to enable when Stripe does not return the signing secret", async () => {
    mock.use(
      http.post(api("/v1/webhook_endpoints"), () =>
        HttpResponse.json({ ...webhookEndpointFixture, secret: undefined }),
      ),
    );
    const harness = createTriggerHarness(stripe, "payment_succeeded", { auth });
    await expect(harness.enable()).rejects.toMatchObject({ code: "UPSTREAM" });
  });

  it("turns a signed delivery into one event named by the evt_ id", async () => {
    const harness = await enabledHarness();
    await expect(harness.deliver({ body: succeeded, signWith: secret })).resolves.toEqual({
      matched: true,
      deliveryId: succeeded.id,
      events: [{ id: succeeded.id, payload: succeeded, occurredAt: "2023-06-06T22:19:30.000Z" }],
    });
  });

  it("accepts Stripe's header with several v1 signatures while a secret is rolled", async () => {
    const harness = await enabledHarness();
    const body = JSON.stringify(succeeded);
    const timestamp = Math.floor(Date.now() / 1000);
    const header = `t=${timestamp},v1=${signature(body, timestamp, "whsec_old")},v1=${signature(body, timestamp)},v0=ignored`;
    const result = await harness.deliver({
      body,
      headers: { "content-type": "application/json", "stripe-signature": header },
    });
    expect(result.events).toHaveLength(1);
  });

  it("refuses a forged, unsigned or altered delivery", async () => {
    const harness = await enabledHarness();
    await expect(
      harness.deliver({ body: succeeded, signWith: "whsec_forged" }),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(harness.deliver({ body: succeeded })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    const signed = harness.buildRequest({ body: succeeded, signWith: secret });
    const altered = {
      ...signed,
      rawBody: new TextEncoder().encode(JSON.stringify({ ...succeeded, livemode: true })),
    };
    await expect(harness.receive(altered)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });

  it("refuses a delivery signed more than 300 seconds ago", async () => {
    const harness = await enabledHarness();
    const stale = Math.floor(Date.now() / 1000) - 301;
    await expect(
      harness.deliver({ body: succeeded, signWith: secret, timestamp: stale }),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      details: { reason: "timestamp_out_of_tolerance" },
    });
    const recent = Math.floor(Date.now() / 1000) - 200;
    await expect(
      harness.deliver({ body: succeeded, signWith: secret, timestamp: recent }),
    ).resolves.toMatchObject({ matched: true });
  });

  it("gives a redelivery the same delivery id and event id, so the runtime drops it", async () => {
    const harness = await enabledHarness();
    const first = await harness.deliver({ body: succeeded, signWith: secret });
    const again = await harness.deliver({ body: succeeded, signWith: secret });
    expect(again.deliveryId).toBe(first.deliveryId);
    expect(again.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
  });

  it("emits nothing for an event type it did not ask for", async () => {
    const harness = await enabledHarness();
    const other = { ...succeeded, id: "evt_other", type: "payment_intent.created" };
    await expect(harness.deliver({ body: other, signWith: secret })).resolves.toEqual({
      matched: true,
      deliveryId: "evt_other",
      events: [],
    });
  });

  it("refuses deliveries before it is enabled", async () => {
    const harness = createTriggerHarness(stripe, "payment_succeeded", { auth });
    await expect(harness.deliver({ body: succeeded, signWith: secret })).rejects.toMatchObject({
      code: "CONFIGURATION",
    });
  });

  it("deletes its webhook endpoint and forgets the secret when disabled", async () => {
    const harness = await enabledHarness();
    await harness.disable();
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "DELETE",
      endpoint: `https://api.stripe.com/v1/webhook_endpoints/${webhookEndpointFixture.id}`,
    });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(harness.store.snapshot()).toEqual({});
  });

  it("treats an endpoint that is already gone as removed", async () => {
    const harness = await enabledHarness();
    mock.use(
      http.delete(api("/v1/webhook_endpoints/:id"), () =>
        stripeErrorResponse("resourceMissing", 404),
      ),
    );
    await expect(harness.disable()).resolves.toBeUndefined();
    expect(harness.store.snapshot()).toEqual({});
  });

  it("reports another failure to delete the endpoint and keeps what it knows", async () => {
    const harness = await enabledHarness();
    mock.use(
      http.delete(api("/v1/webhook_endpoints/:id"), () =>
        stripeErrorResponse("missingPermission", 403),
      ),
    );
    await expect(harness.disable()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(harness.store.snapshot()).toMatchObject({
      webhookEndpointId: webhookEndpointFixture.id,
    });
  });

  describe("for a connected account", () => {
    const connected = { apiKey: TEST_KEY, accountId: TEST_ACCOUNT };

    async function connectedHarness() {
      const harness = createTriggerHarness(stripe, "payment_succeeded", { auth: connected });
      await harness.enable();
      return harness;
    }

    it("creates a Connect endpoint on the platform, without the Stripe-Account header", async () => {
      await connectedHarness();
      const call = mock.lastCall();
      expect(call.headers["stripe-account"]).toBeUndefined();
      expect(call.body).toMatchObject({
        connect: "true",
        "metadata[triggo_account]": TEST_ACCOUNT,
      });
    });

    it("emits only the connected account's events", async () => {
      const harness = await connectedHarness();
      const mine = { ...succeeded, account: TEST_ACCOUNT };
      expect((await harness.deliver({ body: mine, signWith: secret })).events).toHaveLength(1);
      const theirs = { ...succeeded, id: "evt_theirs", account: "acct_other" };
      expect((await harness.deliver({ body: theirs, signWith: secret })).events).toEqual([]);
      expect(
        (await harness.deliver({ body: { ...succeeded, id: "evt_platform" }, signWith: secret }))
          .events,
      ).toEqual([]);
    });

    it("deletes the endpoint on the platform", async () => {
      const harness = await connectedHarness();
      await harness.disable();
      expect(mock.lastCall()).toMatchObject({ method: "DELETE" });
      expect(mock.lastCall().headers["stripe-account"]).toBeUndefined();
    });
  });

  it("ignores events of connected accounts on an account endpoint", async () => {
    const harness = await enabledHarness();
    const connectedEvent = { ...succeeded, account: TEST_ACCOUNT };
    expect((await harness.deliver({ body: connectedEvent, signWith: secret })).events).toEqual([]);
  });
});
