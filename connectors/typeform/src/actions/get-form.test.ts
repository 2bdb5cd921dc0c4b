import { HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import formFixture from "../__fixtures__/form.json";
import { typeformError, typeformHandlers } from "../mocks";
import { typeform } from "../typeform-connector";

const auth = "tfp_test-token-123456";
const formUrl = "https://api.typeform.com/forms/lT4Z3j";

describe("get_form", () => {
  const api = useMockApi(...typeformHandlers);

  it("sends GET /forms/{form_id} with the token and returns the form", async () => {
    await expect(
      runAction(typeform, "get_form", { auth, props: { form_id: "lT4Z3j" } }),
    ).resolves.toEqual(formFixture);
    expect(api.calls).toHaveLength(1);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: formUrl, query: {}, rawBody: "" });
    expect(call.headers.authorization).toBe(`Bearer ${auth}`);
    expect(call.headers["user-agent"]).toMatch(/^triggo-typeform\/\d+\.\d+\.\d+ /);
  });

  it("escapes the form ID in the path", async () => {
    await runAction(typeform, "get_form", { auth, props: { form_id: "a/../b" } });
    expect(api.lastCall().path).toBe("/forms/a%2F..%2Fb");
  });

  it("maps a 404 to NOT_FOUND and keeps Typeform's description", async () => {
    api.use(
      http.get(formUrl, () =>
        typeformError(404, "FORM_NOT_FOUND", "Non existing form with uid lT4Z3j"),
      ),
    );
    await expect(
      runAction(typeform, "get_form", { auth, props: { form_id: "lT4Z3j" } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      status: 404,
      providerCode: "FORM_NOT_FOUND",
      message: "GET /forms/lT4Z3j failed with HTTP 404: Non existing form with uid lT4Z3j",
    });
  });

  it("maps a refused token to AUTH_INVALID without repeating the token", async () => {
    api.use(http.get(formUrl, () => typeformError(401, "AUTHENTICATION_FAILED", "Bad token")));
    const failure = runAction(typeform, "get_form", { auth, props: { form_id: "lT4Z3j" } });
    await expect(failure).rejects.toMatchObject({ code: "AUTH_INVALID", retryable: false });
    await expect(failure).rejects.not.toThrow(auth);
    expect(api.calls).toHaveLength(1);
  });

  it("waits as a 429's Retry-After asks, then succeeds", async () => {
    let attempts = 0;
    api.use(
      http.get(formUrl, () =>
        attempts++ === 0
          ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "1" } })
          : HttpResponse.json(formFixture),
      ),
    );
    const startedAt = Date.now();
    await expect(
      runAction(typeform, "get_form", { auth, props: { form_id: "lT4Z3j" } }),
    ).resolves.toEqual(formFixture);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    expect(api.callsTo("GET", formUrl)).toHaveLength(2);
  });

  it("refuses a call without a form before sending anything", async () => {
    await expect(runAction(typeform, "get_form", { auth, props: {} })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(api.calls).toHaveLength(0);
  });
});
