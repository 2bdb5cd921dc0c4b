import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import subscriptionFixture from "../__fixtures__/subscription.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("create_subscription", () => {
  const mock = useMockApi(...stripeHandlers);

  it("sends items[n][price] and items[n][quantity], with the trial and payment behavior", async () => {
    await expect(
      runAction(stripe, "create_subscription", {
        auth,
        props: {
          customer: "cus_Na6dX7aXxi11N4",
          price: "price_1MowQULkdIwHu7ixraBm864M",
          quantity: 2,
          additional_items: [{ price: "price_seats" }, { price: "price_support", quantity: 3 }],
          trial_period_days: 14,
          payment_behavior: "default_incomplete",
        },
      }),
    ).resolves.toEqual(subscriptionFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/subscriptions",
    });
    expect(call.body).toEqual({
      customer: "cus_Na6dX7aXxi11N4",
      "items[0][price]": "price_1MowQULkdIwHu7ixraBm864M",
      "items[0][quantity]": "2",
      "items[1][price]": "price_seats",
      "items[1][quantity]": "1",
      "items[2][price]": "price_support",
      "items[2][quantity]": "3",
      trial_period_days: "14",
      payment_behavior: "default_incomplete",
    });
  });

  it("defaults the quantity to 1", async () => {
    await runAction(stripe, "create_subscription", {
      auth,
      props: { customer: "cus_Na6dX7aXxi11N4", price: "price_1" },
    });
    expect(mock.lastCall().rawBody).toBe(
      "customer=cus_Na6dX7aXxi11N4&items[0][price]=price_1&items[0][quantity]=1",
    );
  });

  it("refuses malformed additional items before calling Stripe", async () => {
    await expect(
      runAction(stripe, "create_subscription", {
        auth,
        props: { customer: "cus_1", price: "price_1", additional_items: [{ quantity: 2 }] },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("additional_items[0]"),
    });
    expect(mock.calls).toHaveLength(0);
  });

  it("reports a declined first payment with error_if_incomplete", async () => {
    mock.use(http.post(api("/v1/subscriptions"), () => stripeErrorResponse("cardDeclined", 402)));
    await expect(
      runAction(stripe, "create_subscription", {
        auth,
        props: { customer: "cus_1", price: "price_1", payment_behavior: "error_if_incomplete" },
      }),
    ).rejects.toMatchObject({ code: "PAYMENT_DECLINED" });
  });
});
