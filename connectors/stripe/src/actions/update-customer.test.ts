import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("update_customer", () => {
  const mock = useMockApi(...stripeHandlers);

  it("posts only the given fields to the customer, an empty text clearing a field", async () => {
    await runAction(stripe, "update_customer", {
      auth,
      props: {
        customer: "cus_NffrFeUfNV2Hib",
        email: "new@example.com",
        description: "",
        metadata: { vip: "" },
      },
    });
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/customers/cus_NffrFeUfNV2Hib",
    });
    expect(call.rawBody).toBe("email=new%40example.com&metadata[vip]=");
    expect(call.headers["idempotency-key"]).toBeDefined();
  });

  it("fails with NOT_FOUND for an unknown customer", async () => {
    mock.use(
      http.post(api("/v1/customers/:id"), () => stripeErrorResponse("resourceMissing", 404)),
    );
    await expect(
      runAction(stripe, "update_customer", {
        auth,
        props: { customer: "cus_nonexistent", name: "X" },
      }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("No such customer"),
    });
    expect(mock.calls).toHaveLength(1);
  });
});
