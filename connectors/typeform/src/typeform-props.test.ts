import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { typeformHandlers } from "./mocks";
import { typeform } from "./typeform-connector";

const auth = "tfp_test-token-123456";

describe("the form_id dropdown", () => {
  const api = useMockApi(...typeformHandlers);

  it("lists the account's forms by title", async () => {
    const client = typeform.init({ auth });
    await expect(client.options({ action: "get_form", prop: "form_id" })).resolves.toEqual({
      options: [
        { label: "Webhooks example", value: "lT4Z3j" },
        { label: "Customer feedback", value: "u6nXL7" },
      ],
    });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.typeform.com/forms",
      query: { page_size: "200" },
    });
    expect(call.headers.authorization).toBe(`Bearer ${auth}`);
  });

  it("passes what the user typed as Typeform's search", async () => {
    const client = typeform.init({ auth });
    await client.options({ trigger: "new_response", prop: "form_id", searchValue: "feedback" });
    expect(api.lastCall().query).toEqual({ page_size: "200", search: "feedback" });
  });

  it("is disabled until an account is connected", async () => {
    const client = typeform.init({ authProvider: { get: () => ({ type: "none" }) } });
    await expect(client.options({ action: "list_responses", prop: "form_id" })).resolves.toEqual({
      disabled: true,
      placeholder: "Connect a Typeform account first.",
      options: [],
    });
    expect(api.calls).toHaveLength(0);
  });
});
