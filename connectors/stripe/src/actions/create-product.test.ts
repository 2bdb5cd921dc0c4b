import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import productFixture from "../__fixtures__/product.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("create_product", () => {
  const mock = useMockApi(...stripeHandlers);

  it("creates a product", async () => {
    await expect(
      runAction(stripe, "create_product", {
        auth,
        props: {
          name: "Gold Plan",
          description: "The best",
          active: true,
          metadata: { tier: "gold" },
        },
      }),
    ).resolves.toEqual(productFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: "https://api.stripe.com/v1/products" });
    expect(call.body).toEqual({
      name: "Gold Plan",
      description: "The best",
      active: "true",
      "metadata[tier]": "gold",
    });
  });

  it("requires a name", async () => {
    await expect(runAction(stripe, "create_product", { auth, props: {} })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(mock.calls).toHaveLength(0);
  });

  it("reports Stripe's refusal", async () => {
    mock.use(http.post(api("/v1/products"), () => stripeErrorResponse("missingPermission", 403)));
    await expect(
      runAction(stripe, "create_product", { auth, props: { name: "Gold Plan" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
