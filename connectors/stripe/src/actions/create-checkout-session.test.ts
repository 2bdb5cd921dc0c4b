import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import checkoutSessionFixture from "../__fixtures__/checkout-session.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("create_checkout_session", () => {
  const mock = useMockApi(...stripeHandlers);

  it("sends the mode, line_items[n][price]/[quantity], the URLs and the customer", async () => {
    await expect(
      runAction(stripe, "create_checkout_session", {
        auth,
        props: {
          mode: "subscription",
          price: "price_1MotwRLkdIwHu7ixYcPLm5uZ",
          quantity: 2,
          success_url: "https://example.com/success?session={CHECKOUT_SESSION_ID}",
          cancel_url: "https://example.com/cancel",
          customer: "cus_NffrFeUfNV2Hib",
          client_reference_id: "order-6735",
        },
      }),
    ).resolves.toEqual(checkoutSessionFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/checkout/sessions",
    });
    expect(call.body).toEqual({
      mode: "subscription",
      "line_items[0][price]": "price_1MotwRLkdIwHu7ixYcPLm5uZ",
      "line_items[0][quantity]": "2",
      success_url: "https://example.com/success?session={CHECKOUT_SESSION_ID}",
      cancel_url: "https://example.com/cancel",
      customer: "cus_NffrFeUfNV2Hib",
      client_reference_id: "order-6735",
    });
  });

  it("refuses both a customer and a customer email", async () => {
    await expect(
      runAction(stripe, "create_checkout_session", {
        auth,
        props: {
          price: "price_1",
          success_url: "https://example.com",
          customer: "cus_1",
          customer_email: "a@example.com",
        },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(mock.calls).toHaveLength(0);
  });

  it("reports Stripe's refusal", async () => {
    mock.use(
      http.post(api("/v1/checkout/sessions"), () => stripeErrorResponse("parameterMissing", 400)),
    );
    await expect(
      runAction(stripe, "create_checkout_session", {
        auth,
        props: { price: "price_1", success_url: "https://example.com" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
