import { describeConnector, HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { version } from "../package.json";
import { api, stripeHandlers, TEST_ACCOUNT, TEST_KEY } from "./mocks";
import { stripe } from "./stripe-connector";
import { STRIPE_API_VERSION } from "./stripe-http";

describeConnector(stripe, { packageVersion: version });

const auth = { apiKey: TEST_KEY };

describe("custom_api_call", () => {
  const api_ = useMockApi(...stripeHandlers);

  it("sends a form body in bracket notation with the key, the pinned version and an idempotency key", async () => {
    const result = await runAction(stripe, "custom_api_call", {
      auth,
      props: {
        method: "POST",
        path: "/v1/customers/cus_NffrFeUfNV2Hib",
        body: { metadata: { order_id: "6735" }, expand: ["default_source"] },
      },
    });
    expect(result).toMatchObject({ status: 200, body: { id: "cus_NffrFeUfNV2Hib" } });
    const call = api_.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/customers/cus_NffrFeUfNV2Hib",
    });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(call.headers["stripe-version"]).toBe(STRIPE_API_VERSION);
    expect(call.headers["stripe-account"]).toBeUndefined();
    expect(call.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(call.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(call.rawBody).toBe("metadata[order_id]=6735&expand[0]=default_source");
  });

  it("acts as the connected account when one is set, and sends GET queries as given", async () => {
    await runAction(stripe, "custom_api_call", {
      auth: { apiKey: TEST_KEY, accountId: TEST_ACCOUNT },
      props: { method: "GET", path: "/v1/customers", query: { limit: 3 } },
    });
    const call = api_.lastCall();
    expect(call.query).toEqual({ limit: "3" });
    expect(call.headers["stripe-account"]).toBe(TEST_ACCOUNT);
    expect(call.headers["idempotency-key"]).toBeUndefined();
  });

  it("reports Stripe's error with its code", async () => {
    api_.use(
      http.get(api("/v1/nothing"), () =>
        HttpResponse.json(
          {
            error: {
              type: "invalid_request_error",
              message: "Unrecognized request URL (GET: /v1/nothing).",
            },
          },
          { status: 404 },
        ),
      ),
    );
    await expect(
      runAction(stripe, "custom_api_call", { auth, props: { method: "GET", path: "/v1/nothing" } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "GET /v1/nothing failed with HTTP 404: Unrecognized request URL (GET: /v1/nothing).",
    });
  });
});
