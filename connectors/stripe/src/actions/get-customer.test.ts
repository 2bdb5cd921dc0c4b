import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import customerFixture from "../__fixtures__/customer.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("get_customer", () => {
  const mock = useMockApi(...stripeHandlers);

  it("retrieves the customer by id", async () => {
    await expect(
      runAction(stripe, "get_customer", { auth, props: { customer: "cus_NffrFeUfNV2Hib" } }),
    ).resolves.toEqual(customerFixture);
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.stripe.com/v1/customers/cus_NffrFeUfNV2Hib",
      query: {},
      rawBody: "",
    });
    expect(call.headers["idempotency-key"]).toBeUndefined();
  });

  it("returns a deleted customer as Stripe describes it", async () => {
    mock.use(
      http.get(api("/v1/customers/:id"), ({ params }) =>
        Response.json({ id: params.id, object: "customer", deleted: true }),
      ),
    );
    await expect(
      runAction(stripe, "get_customer", { auth, props: { customer: "cus_gone" } }),
    ).resolves.toEqual({ id: "cus_gone", object: "customer", deleted: true });
  });

  it("fails with NOT_FOUND, keeping Stripe's request id", async () => {
    mock.use(http.get(api("/v1/customers/:id"), () => stripeErrorResponse("resourceMissing", 404)));
    await expect(
      runAction(stripe, "get_customer", { auth, props: { customer: "cus_nonexistent" } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      providerCode: "resource_missing",
      details: { requestId: "req_test_8Ue1XLEP0Cdnqr" },
    });
  });
});
