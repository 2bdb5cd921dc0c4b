import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import customerFixture from "../__fixtures__/customer.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";
import { STRIPE_API_VERSION } from "../stripe-http";

const auth = { apiKey: TEST_KEY };

describe("create_customer", () => {
  const mock = useMockApi(...stripeHandlers);

  it("posts the fields as a form, metadata in brackets, and returns the customer", async () => {
    await expect(
      runAction(stripe, "create_customer", {
        auth,
        props: {
          name: "Jenny Rosen",
          email: "jennyrosen@example.com",
          phone: "+15555550123",
          description: "VIP",
          metadata: { order_id: 6735, vip: true },
        },
      }),
    ).resolves.toEqual(customerFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: "https://api.stripe.com/v1/customers" });
    expect(call.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(call.headers["stripe-version"]).toBe(STRIPE_API_VERSION);
    expect(call.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(call.body).toEqual({
      name: "Jenny Rosen",
      email: "jennyrosen@example.com",
      phone: "+15555550123",
      description: "VIP",
      "metadata[order_id]": "6735",
      "metadata[vip]": "true",
    });
  });

  it("sends the caller's idempotency key instead of a generated one", async () => {
    await runAction(stripe, "create_customer", {
      auth,
      props: { email: "jennyrosen@example.com", idempotency_key: "signup-42" },
    });
    expect(mock.lastCall().headers["idempotency-key"]).toBe("signup-42");
    expect(mock.lastCall().body).toEqual({ email: "jennyrosen@example.com" });
  });

  it("refuses metadata that is not a flat object before calling Stripe", async () => {
    await expect(
      runAction(stripe, "create_customer", { auth, props: { metadata: { nested: { a: 1 } } } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      runAction(stripe, "create_customer", { auth, props: { metadata: ["a"] } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(mock.calls).toHaveLength(0);
  });

  it("reports Stripe's validation error with the parameter", async () => {
    mock.use(
      http.post(api("/v1/customers"), () =>
        stripeErrorResponse("parameterMissing", 400, { "stripe-should-retry": "false" }),
      ),
    );
    await expect(
      runAction(stripe, "create_customer", { auth, props: { name: "Jenny" } }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { param: "currency" } });
  });
});
