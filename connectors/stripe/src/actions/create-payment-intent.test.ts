import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import paymentIntentFixture from "../__fixtures__/payment-intent.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("create_payment_intent", () => {
  const mock = useMockApi(...stripeHandlers);

  it("sends the amount in minor units, a lowercase currency and dynamic payment methods", async () => {
    await expect(
      runAction(stripe, "create_payment_intent", {
        auth,
        props: {
          amount: 2000,
          currency: "USD",
          customer: "cus_NffrFeUfNV2Hib",
          description: "Order 6735",
          metadata: { order_id: "6735" },
        },
      }),
    ).resolves.toEqual(paymentIntentFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/payment_intents",
    });
    expect(call.body).toEqual({
      amount: "2000",
      currency: "usd",
      customer: "cus_NffrFeUfNV2Hib",
      description: "Order 6735",
      "automatic_payment_methods[enabled]": "true",
      "metadata[order_id]": "6735",
    });
  });

  it("narrows payment methods with allowed_payment_method_types instead, and confirms with a payment method", async () => {
    await runAction(stripe, "create_payment_intent", {
      auth,
      props: {
        amount: 1099,
        currency: "eur",
        allowed_payment_method_types: ["card", " sepa_debit "],
        payment_method: "pm_card_visa",
        confirm: true,
        return_url: "https://example.com/return",
        capture_method: "manual",
        idempotency_key: "order-6735",
      },
    });
    const call = mock.lastCall();
    expect(call.rawBody).toBe(
      "amount=1099&currency=eur&allowed_payment_method_types[0]=card&allowed_payment_method_types[1]=sepa_debit&capture_method=manual&payment_method=pm_card_visa&confirm=true&return_url=https%3A%2F%2Fexample.com%2Freturn",
    );
    expect(call.headers["idempotency-key"]).toBe("order-6735");
  });

  it("refuses a fractional amount and confirm without a payment method, before calling Stripe", async () => {
    await expect(
      runAction(stripe, "create_payment_intent", {
        auth,
        props: { amount: 10.5, currency: "usd" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      runAction(stripe, "create_payment_intent", {
        auth,
        props: { amount: 100, currency: "usd", confirm: true },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(mock.calls).toHaveLength(0);
  });

  it("maps a declined card to PAYMENT_DECLINED with the decline code, without retrying", async () => {
    mock.use(
      http.post(api("/v1/payment_intents"), () =>
        stripeErrorResponse("cardDeclined", 402, { "stripe-should-retry": "false" }),
      ),
    );
    await expect(
      runAction(stripe, "create_payment_intent", {
        auth,
        props: {
          amount: 2000,
          currency: "usd",
          payment_method: "pm_card_visa_chargeDeclinedInsufficientFunds",
          confirm: true,
          return_url: "https://example.com",
        },
      }),
    ).rejects.toMatchObject({
      code: "PAYMENT_DECLINED",
      retryable: false,
      providerCode: "card_declined",
      details: { declineCode: "insufficient_funds" },
    });
    expect(mock.calls).toHaveLength(1);
  });
});
