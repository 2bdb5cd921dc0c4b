import { describeConnector, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { version } from "../package.json";
import { typeformHandlers } from "./mocks";
import { typeform } from "./typeform-connector";

describeConnector(typeform, { packageVersion: version });

describe("custom_api_call", () => {
  const api = useMockApi(...typeformHandlers);

  it("calls any endpoint with the token and returns the raw response", async () => {
    const result = await runAction(typeform, "custom_api_call", {
      auth: "tfp_test-token-123456",
      props: { method: "GET", path: "/forms", query: { search: "feedback" } },
    });
    expect(result).toMatchObject({ status: 200, body: { total_items: 2 } });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.typeform.com/forms",
      query: { search: "feedback" },
    });
    expect(call.headers.authorization).toBe("Bearer tfp_test-token-123456");
  });
});
