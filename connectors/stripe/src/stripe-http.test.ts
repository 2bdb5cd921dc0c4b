import { HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import customerFixture from "./__fixtures__/customer.json";
import errors from "./__fixtures__/errors.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "./mocks";
import { stripe } from "./stripe-connector";
import { classifyStripeResponse, searchString, stripeQuery } from "./stripe-http";

const request = { method: "POST" as const, path: "/v1/payment_intents?expand[0]=customer" };

function classify(status: number, body: unknown, headers: Record<string, string> = {}) {
  return classifyStripeResponse({ status, body, headers: new Headers(headers), request });
}

function errorOf(result: ReturnType<typeof classify>) {
  if (!result || result.outcome === "success") throw new Error("expected a failure");
  return result.error;
}

describe("classifyStripeResponse", () => {
  it("leaves successes to the default rules", () => {
    expect(classify(200, {})).toBeUndefined();
  });

  it("maps a card error to PAYMENT_DECLINED, not retried, keeping the codes and the request id", () => {
    const result = classify(402, errors.cardDeclined, {
      "request-id": "req_123",
      "stripe-should-retry": "false",
    });
    expect(result?.outcome).toBe("fail");
    expect(errorOf(result)).toMatchObject({
      code: "PAYMENT_DECLINED",
      retryable: false,
      status: 402,
      providerCode: "card_declined",
      message: "POST /v1/payment_intents failed with HTTP 402: Your card has insufficient funds.",
      details: {
        type: "card_error",
        code: "card_declined",
        declineCode: "insufficient_funds",
        docUrl: "https://stripe.com/docs/error-codes/card-declined",
        requestLogUrl: errors.cardDeclined.error.request_log_url,
        charge: "ch_3MtwBwLkdIwHu7ix1Y6rKRsx",
        requestId: "req_123",
        shouldRetry: "false",
      },
    });
  });

  it("maps an invalid request to VALIDATION with the parameter in the message", () => {
    const error = errorOf(classify(400, errors.parameterMissing));
    expect(error).toMatchObject({
      code: "VALIDATION",
      retryable: false,
      providerCode: "parameter_missing",
    });
    expect(error.message).toBe(
      "POST /v1/payment_intents failed with HTTP 400: Missing required param: currency. (parameter: currency)",
    );
  });

  it("maps resource_missing to NOT_FOUND", () => {
    expect(errorOf(classify(404, errors.resourceMissing))).toMatchObject({
      code: "NOT_FOUND",
      retryable: false,
      details: { param: "id" },
    });
  });

  it("maps 401 to AUTH_INVALID and 403 to FORBIDDEN", () => {
    expect(errorOf(classify(401, errors.invalidApiKey)).code).toBe("AUTH_INVALID");
    expect(errorOf(classify(403, errors.missingPermission)).code).toBe("FORBIDDEN");
  });

  it("fails an idempotency key reused with other parameters as a CONFLICT, without retrying", () => {
    const result = classify(400, errors.idempotencyMismatch);
    expect(result?.outcome).toBe("fail");
    expect(errorOf(result)).toMatchObject({ code: "CONFLICT", retryable: false });
  });

  it("retries a 409 (a lock or a key still in use) as a CONFLICT", () => {
    const result = classify(409, errors.idempotencyMismatch);
    expect(result?.outcome).toBe("retry");
    expect(errorOf(result)).toMatchObject({ code: "CONFLICT", retryable: true });
  });

  it("retries rate limits and lock timeouts as RATE_LIMITED, honouring Retry-After", () => {
    const limited = classify(429, errors.rateLimit, { "retry-after": "2" });
    expect(limited).toMatchObject({ outcome: "retry", retryAfterMs: 2000 });
    expect(errorOf(limited)).toMatchObject({
      code: "RATE_LIMITED",
      providerCode: "rate_limit",
      retryAfterMs: 2000,
    });
    const locked = classify(429, errors.lockTimeout, { "stripe-should-retry": "true" });
    expect(locked?.outcome).toBe("retry");
    expect(errorOf(locked)).toMatchObject({ code: "RATE_LIMITED", providerCode: "lock_timeout" });
  });

  it("retries api_error and 5xx as UPSTREAM", () => {
    expect(classify(500, errors.apiError)).toMatchObject({ outcome: "retry" });
    expect(errorOf(classify(503, undefined))).toMatchObject({ code: "UPSTREAM", retryable: true });
  });

  it("lets Stripe-Should-Retry decide over the status", () => {
    expect(classify(500, errors.apiError, { "stripe-should-retry": "false" })?.outcome).toBe(
      "fail",
    );
    expect(classify(400, errors.parameterMissing, { "stripe-should-retry": "true" })?.outcome).toBe(
      "retry",
    );
  });
});

describe("Stripe's retry rules through the client", () => {
  const mock = useMockApi(...stripeHandlers);
  const auth = { apiKey: TEST_KEY };

  function failOnce(method: "get" | "post", path: string, failure: () => Response) {
    let calls = 0;
    mock.use(
      http[method](api(path), () => {
        calls += 1;
        return calls === 1 ? failure() : HttpResponse.json(customerFixture);
      }),
    );
  }

  it("retries a POST after a 500 with the same Idempotency-Key", async () => {
    failOnce("post", "/v1/customers", () => stripeErrorResponse("apiError", 500));
    await runAction(stripe, "create_customer", { auth, props: { name: "Jenny Rosen" } });
    const [first, second] = mock.callsTo("POST", "/v1/customers");
    expect(mock.calls).toHaveLength(2);
    expect(first!.headers["idempotency-key"]).toBeDefined();
    expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"]);
    expect(second!.rawBody).toBe(first!.rawBody);
  });

  it("waits out a 429 with Retry-After, then succeeds", async () => {
    failOnce("get", "/v1/customers/:id", () =>
      stripeErrorResponse("rateLimit", 429, { "retry-after": "0" }),
    );
    await expect(
      runAction(stripe, "get_customer", { auth, props: { customer: "cus_NffrFeUfNV2Hib" } }),
    ).resolves.toMatchObject({ id: "cus_NffrFeUfNV2Hib" });
    expect(mock.calls).toHaveLength(2);
  });

  it("retries a 429 lock timeout on a write", async () => {
    failOnce("post", "/v1/customers/:id", () =>
      stripeErrorResponse("lockTimeout", 429, { "stripe-should-retry": "true" }),
    );
    await runAction(stripe, "update_customer", {
      auth,
      props: { customer: "cus_NffrFeUfNV2Hib", name: "J" },
    });
    expect(mock.calls).toHaveLength(2);
  });

  it("gives up at once when Stripe says not to retry", async () => {
    mock.use(
      http.post(api("/v1/customers"), () =>
        stripeErrorResponse("apiError", 500, { "stripe-should-retry": "false" }),
      ),
    );
    await expect(
      runAction(stripe, "create_customer", { auth, props: { name: "Jenny Rosen" } }),
    ).rejects.toMatchObject({
      code: "UPSTREAM",
      retryable: false,
      details: { requestId: "req_test_8Ue1XLEP0Cdnqr" },
    });
    expect(mock.calls).toHaveLength(1);
  });

  it("fails with RATE_LIMITED after a rate limit that does not end", async () => {
    mock.use(http.get(api("/v1/customers/:id"), () => stripeErrorResponse("rateLimit", 429)));
    await expect(
      runAction(stripe, "get_customer", { auth, props: { customer: "cus_NffrFeUfNV2Hib" } }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED", providerCode: "rate_limit" });
    expect(mock.calls.length).toBeGreaterThan(1);
  });
});

describe("stripeQuery", () => {
  it("writes nested values and arrays in Stripe's bracket notation, leaving out empty ones", () => {
    expect(
      stripeQuery({ created: { gte: 1, lte: undefined }, types: ["a", "b"], customer: undefined }),
    ).toEqual({
      "created[gte]": "1",
      "types[0]": "a",
      "types[1]": "b",
    });
  });
});

describe("searchString", () => {
  it("quotes a value and escapes quotes and backslashes inside it", () => {
    expect(searchString("o'brien@example.com")).toBe("'o\\'brien@example.com'");
    expect(searchString("a\\b")).toBe("'a\\\\b'");
  });
});
