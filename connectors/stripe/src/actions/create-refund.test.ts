import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import refundFixture from "../__fixtures__/refund.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("create_refund", () => {
  const mock = useMockApi(...stripeHandlers);

  it("refunds part of a payment intent with a reason", async () => {
    await expect(
      runAction(stripe, "create_refund", {
        auth,
        props: {
          payment_intent: "pi_1GszsK2eZvKYlo2CfhZyoZLp",
          amount: 1000,
          reason: "requested_by_customer",
        },
      }),
    ).resolves.toEqual(refundFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: "https://api.stripe.com/v1/refunds" });
    expect(call.body).toEqual({
      payment_intent: "pi_1GszsK2eZvKYlo2CfhZyoZLp",
      amount: "1000",
      reason: "requested_by_customer",
    });
  });

  it("refunds a whole charge", async () => {
    await runAction(stripe, "create_refund", {
      auth,
      props: { charge: "ch_1NirD82eZvKYlo2CIvbtLWuY" },
    });
    expect(mock.lastCall().rawBody).toBe("charge=ch_1NirD82eZvKYlo2CIvbtLWuY");
  });

  it("needs exactly one of payment_intent and charge", async () => {
    await expect(runAction(stripe, "create_refund", { auth, props: {} })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(
      runAction(stripe, "create_refund", {
        auth,
        props: { payment_intent: "pi_1", charge: "ch_1" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(mock.calls).toHaveLength(0);
  });

  it("reports a refund Stripe refuses", async () => {
    mock.use(http.post(api("/v1/refunds"), () => stripeErrorResponse("resourceMissing", 404)));
    await expect(
      runAction(stripe, "create_refund", { auth, props: { charge: "ch_missing" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
