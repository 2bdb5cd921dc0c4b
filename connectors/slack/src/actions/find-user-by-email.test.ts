import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import lookupFixture from "../__fixtures__/users-lookup-by-email.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("users.lookupByEmail");

describe("find_user_by_email", () => {
  const api = useMockApi(...slackHandlers);

  it("GETs users.lookupByEmail with the email in the query", async () => {
    await expect(
      runAction(slack, "find_user_by_email", {
        auth: TEST_TOKEN,
        props: { email: " spengler@ghostbusters.example.com " },
      }),
    ).resolves.toEqual(lookupFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: url, rawBody: "" });
    expect(call.query).toEqual({ email: "spengler@ghostbusters.example.com" });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("maps users_not_found to NOT_FOUND", async () => {
    api.use(http.get(url, () => slackError("users_not_found")));
    await expect(
      runAction(slack, "find_user_by_email", {
        auth: TEST_TOKEN,
        props: { email: "nobody@example.com" },
      }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      providerCode: "users_not_found",
      retryable: false,
    });
    expect(api.calls).toHaveLength(1);
  });
});
