import { createHmac } from "node:crypto";
import { createTriggerHarness, HttpResponse, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import delivery from "../__fixtures__/webhook-delivery.json";
import { typeformError, typeformHandlers } from "../mocks";
import { typeform } from "../typeform-connector";

const auth = "tfp_test-token-123456";
const props = { form_id: "lT4Z3j" };
const webhooksUrl = "https://api.typeform.com/forms/lT4Z3j/webhooks/";

async function enabledHarness(webhookUrl?: string) {
  const harness = createTriggerHarness(typeform, "new_response", {
    auth,
    props,
    ...(webhookUrl ? { webhookUrl } : {}),
  });
  await harness.enable();
  const secret = harness.store.snapshot().signingSecret as string;
  return { harness, secret };
}

describe("new_response", () => {
  const api = useMockApi(...typeformHandlers);

  it("registers a signed webhook for form responses and keeps its tag and secret", async () => {
    const { harness } = await enabledHarness();
    const call = api.lastCall();
    const { webhookTag, signingSecret } = harness.store.snapshot();
    expect(webhookTag).toMatch(/^triggo-[0-9a-f]{16}$/);
    expect(signingSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(call).toMatchObject({ method: "PUT", endpoint: `${webhooksUrl}${webhookTag}` });
    expect(call.headers.authorization).toBe(`Bearer ${auth}`);
    expect(call.headers["content-type"]).toBe("application/json");
    expect(call.body).toEqual({
      url: harness.webhookUrl,
      enabled: true,
      secret: signingSecret,
      verify_ssl: true,
      event_types: { form_response: true },
    });
  });

  it("updates the same webhook when enabled again, and uses another tag for another URL", async () => {
    const { harness } = await enabledHarness();
    await harness.enable();
    await enabledHarness("https://hooks.triggo.test/webhooks/other-instance");
    const [first, again, other] = api.calls.map((call) => `${call.method} ${call.endpoint}`);
    expect(again).toBe(first);
    expect(api.calls[1]?.body).toEqual(api.calls[0]?.body);
    expect(other).toMatch(/^PUT /);
    expect(other).not.toBe(first);
  });

  it("turns a signed delivery into one event named by the response token", async () => {
    const { harness, secret } = await enabledHarness();
    await expect(harness.deliver({ body: delivery, signWith: secret })).resolves.toEqual({
      matched: true,
      deliveryId: "LtWXD3crgy",
      events: [
        {
          id: "a3a12ec67a1365927098a606107fac15",
          payload: delivery,
          occurredAt: "2018-01-18T18:17:02Z",
        },
      ],
    });
  });

  it("accepts the signature as Typeform documents it: sha256= and the base64 HMAC of the raw body", async () => {
    const { harness, secret } = await enabledHarness();
    const rawBody = JSON.stringify(delivery, null, 2);
    const signature = createHmac("sha256", secret).update(rawBody).digest("base64");
    const result = await harness.deliver({
      body: rawBody,
      headers: { "content-type": "application/json", "typeform-signature": `sha256=${signature}` },
    });
    expect(result.events).toHaveLength(1);
  });

  it("refuses a forged, unsigned or altered delivery", async () => {
    const { harness, secret } = await enabledHarness();
    await expect(
      harness.deliver({ body: delivery, signWith: "not-the-secret" }),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(harness.deliver({ body: delivery })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    const signed = harness.buildRequest({ body: delivery, signWith: secret });
    const altered = {
      ...signed,
      rawBody: new TextEncoder().encode(JSON.stringify({ ...delivery, event_id: "x" })),
    };
    await expect(harness.receive(altered)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });

  it("gives a redelivery the same delivery id and event id, so the runtime can drop it", async () => {
    const { harness, secret } = await enabledHarness();
    const first = await harness.deliver({ body: delivery, signWith: secret });
    const again = await harness.deliver({ body: delivery, signWith: secret });
    expect(again.deliveryId).toBe(first.deliveryId);
    expect(again.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
  });

  it("emits nothing for a partial response", async () => {
    const { harness, secret } = await enabledHarness();
    const partial = { ...delivery, event_id: "01HPARTIAL", event_type: "form_response_partial" };
    await expect(harness.deliver({ body: partial, signWith: secret })).resolves.toEqual({
      matched: true,
      deliveryId: "01HPARTIAL",
      events: [],
    });
  });

  it("removes its webhook and forgets the secret when disabled", async () => {
    const { harness } = await enabledHarness();
    const { webhookTag } = harness.store.snapshot();
    await harness.disable();
    expect(api.lastCall()).toMatchObject({
      method: "DELETE",
      endpoint: `${webhooksUrl}${webhookTag}`,
    });
    expect(api.lastCall().headers.authorization).toBe(`Bearer ${auth}`);
    expect(harness.store.snapshot()).toEqual({});
  });

  it("treats a webhook that is already gone as removed", async () => {
    const { harness } = await enabledHarness();
    api.use(
      http.delete(`${webhooksUrl}:tag`, () =>
        typeformError(404, "WEBHOOK_NOT_FOUND", "Webhook not found"),
      ),
    );
    await expect(harness.disable()).resolves.toBeUndefined();
    expect(harness.store.snapshot()).toEqual({});
  });

  it("reports another failure to remove the webhook", async () => {
    const { harness } = await enabledHarness();
    api.use(
      http.delete(`${webhooksUrl}:tag`, () =>
        HttpResponse.json({ code: "FORBIDDEN", description: "No access" }, { status: 403 }),
      ),
    );
    await expect(harness.disable()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
