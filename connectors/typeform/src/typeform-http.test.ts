import { describe, expect, it } from "vitest";
import { classifyTypeformResponse, toTypeformTime } from "./typeform-http";

const request = { method: "PUT" as const, path: "/forms/abc/webhooks/tag?x=1" };

function classify(status: number, body: unknown) {
  return classifyTypeformResponse({ status, body, headers: new Headers(), request });
}

describe("classifyTypeformResponse", () => {
  it("fails with Typeform's description and code", () => {
    const result = classify(400, { code: "VALIDATION_ERROR", description: "url is invalid" });
    expect(result).toMatchObject({ outcome: "fail" });
    expect(result?.outcome === "fail" && result.error).toMatchObject({
      code: "VALIDATION",
      status: 400,
      providerCode: "VALIDATION_ERROR",
      message: "PUT /forms/abc/webhooks/tag failed with HTTP 400: url is invalid",
    });
  });

  it("treats a 403 with an authentication code as a refused token, any other 403 as forbidden", () => {
    const refused = classify(403, { code: "AUTHENTICATION_ERROR", description: "Bad token" });
    expect(refused?.outcome === "fail" && refused.error.code).toBe("AUTH_INVALID");
    const forbidden = classify(403, { code: "FORBIDDEN", description: "No access" });
    expect(forbidden?.outcome === "fail" && forbidden.error.code).toBe("FORBIDDEN");
  });

  it("leaves successes, retryable failures and unknown bodies to the default rules", () => {
    expect(classify(200, {})).toBeUndefined();
    expect(classify(429, { code: "RATE_LIMITED", description: "Slow down" })).toBeUndefined();
    expect(classify(503, { code: "UNAVAILABLE", description: "Down" })).toBeUndefined();
    expect(classify(404, "Not Found")).toBeUndefined();
  });
});

describe("toTypeformTime", () => {
  it("writes UTC to the second with a T", () => {
    expect(toTypeformTime("2020-03-20T15:00:59.999+01:00")).toBe("2020-03-20T14:00:59");
  });
});
