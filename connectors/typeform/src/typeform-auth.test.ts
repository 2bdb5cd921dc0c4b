import { http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { typeformError, typeformHandlers } from "./mocks";
import { typeform } from "./typeform-connector";

const auth = "tfp_test-token-123456";
const formsUrl = "https://api.typeform.com/forms";

describe("the personal access token", () => {
  const api = useMockApi(...typeformHandlers);

  it("is checked with the cheapest call that needs a scope the connector uses", async () => {
    await expect(typeform.init({ auth }).validateAuth()).resolves.toBeUndefined();
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: formsUrl, query: { page_size: "1" } });
    expect(call.headers.authorization).toBe(`Bearer ${auth}`);
  });

  it("is refused with AUTH_INVALID on 401", async () => {
    api.use(http.get(formsUrl, () => typeformError(401, "AUTHENTICATION_FAILED", "Bad token")));
    await expect(typeform.init({ auth }).validateAuth()).rejects.toMatchObject({
      code: "AUTH_INVALID",
    });
  });

  it("is refused with AUTH_INVALID on Typeform's documented 403", async () => {
    api.use(http.get(formsUrl, () => typeformError(403, "INVALID_AUTHORIZATION", "Invalid token")));
    await expect(typeform.init({ auth }).validateAuth()).rejects.toMatchObject({
      code: "AUTH_INVALID",
      status: 403,
      providerCode: "INVALID_AUTHORIZATION",
    });
  });

  it("is read from TYPEFORM_TOKEN when init is given none", async () => {
    process.env.TYPEFORM_TOKEN = "tfp_from-the-environment";
    try {
      await typeform.init().validateAuth();
    } finally {
      delete process.env.TYPEFORM_TOKEN;
    }
    expect(api.lastCall().headers.authorization).toBe("Bearer tfp_from-the-environment");
  });
});
