import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import priceFixture from "../__fixtures__/price.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("create_price", () => {
  const mock = useMockApi(...stripeHandlers);

  it("creates a recurring price with its interval", async () => {
    await expect(
      runAction(stripe, "create_price", {
        auth,
        props: {
          product: "prod_NZKdYqrwEYx6iK",
          unit_amount: 1000,
          currency: "usd",
          interval: "month",
          interval_count: 3,
          lookup_key: "gold_quarterly",
        },
      }),
    ).resolves.toEqual(priceFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: "https://api.stripe.com/v1/prices" });
    expect(call.body).toEqual({
      product: "prod_NZKdYqrwEYx6iK",
      unit_amount: "1000",
      currency: "usd",
      "recurring[interval]": "month",
      "recurring[interval_count]": "3",
      lookup_key: "gold_quarterly",
    });
  });

  it("creates a one-time price without recurring", async () => {
    await runAction(stripe, "create_price", {
      auth,
      props: { product: "prod_NZKdYqrwEYx6iK", unit_amount: 1500, currency: "JPY" },
    });
    expect(mock.lastCall().rawBody).toBe(
      "product=prod_NZKdYqrwEYx6iK&unit_amount=1500&currency=jpy",
    );
  });

  it("reports an unknown product", async () => {
    mock.use(http.post(api("/v1/prices"), () => stripeErrorResponse("resourceMissing", 400)));
    await expect(
      runAction(stripe, "create_price", {
        auth,
        props: { product: "prod_missing", unit_amount: 1, currency: "usd" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", status: 400 });
  });
});
