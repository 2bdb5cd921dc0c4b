import { http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { api, stripeErrorResponse, stripeHandlers, TEST_ACCOUNT, TEST_KEY } from "./mocks";
import { stripe } from "./stripe-connector";
import { STRIPE_API_VERSION } from "./stripe-http";

describe("the Stripe API key", () => {
  const mock = useMockApi(...stripeHandlers);

  it("is checked with GET /v1/customers?limit=1, sent as a bearer token with the pinned version", async () => {
    await expect(
      stripe.init({ auth: { apiKey: TEST_KEY, accountId: undefined } }).validateAuth(),
    ).resolves.toBeUndefined();
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.stripe.com/v1/customers",
      query: { limit: "1" },
    });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(call.headers["stripe-version"]).toBe(STRIPE_API_VERSION);
    expect(call.headers["stripe-account"]).toBeUndefined();
  });

  it("sends the connected account as Stripe-Account", async () => {
    await stripe
      .init({ auth: { apiKey: TEST_KEY, accountId: ` ${TEST_ACCOUNT} ` } })
      .validateAuth();
    expect(mock.lastCall().headers["stripe-account"]).toBe(TEST_ACCOUNT);
  });

  it("is refused with AUTH_INVALID on 401, with no key in the message", async () => {
    mock.use(http.get(api("/v1/customers"), () => stripeErrorResponse("invalidApiKey", 401)));
    const error = await stripe
      .init({ auth: { apiKey: TEST_KEY, accountId: undefined } })
      .validateAuth()
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: "AUTH_INVALID", status: 401, retryable: false });
    expect((error as Error).message).not.toContain(TEST_KEY);
    expect(mock.calls).toHaveLength(1);
  });

  it("is FORBIDDEN when a restricted key lacks the permission", async () => {
    mock.use(http.get(api("/v1/customers"), () => stripeErrorResponse("missingPermission", 403)));
    await expect(
      stripe
        .init({ auth: { apiKey: "rk_test_51Mr5jULkdIwHu7ix", accountId: undefined } })
        .validateAuth(),
    ).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
  });
});
