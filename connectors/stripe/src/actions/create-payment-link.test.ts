import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import paymentLinkFixture from "../__fixtures__/payment-link.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("create_payment_link", () => {
  const mock = useMockApi(...stripeHandlers);

  it("sends the line items and a redirect after payment", async () => {
    await expect(
      runAction(stripe, "create_payment_link", {
        auth,
        props: {
          price: "price_1MoC3TLkdIwHu7ixcIbKelAC",
          quantity: 1,
          redirect_url: "https://example.com/thanks",
          metadata: { campaign: "spring" },
        },
      }),
    ).resolves.toEqual(paymentLinkFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/payment_links",
    });
    expect(call.body).toEqual({
      "line_items[0][price]": "price_1MoC3TLkdIwHu7ixcIbKelAC",
      "line_items[0][quantity]": "1",
      "after_completion[type]": "redirect",
      "after_completion[redirect][url]": "https://example.com/thanks",
      "metadata[campaign]": "spring",
    });
  });

  it("reports an unknown price", async () => {
    mock.use(
      http.post(api("/v1/payment_links"), () => stripeErrorResponse("resourceMissing", 400)),
    );
    await expect(
      runAction(stripe, "create_payment_link", { auth, props: { price: "price_missing" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
