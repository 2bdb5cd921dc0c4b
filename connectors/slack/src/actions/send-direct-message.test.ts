import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import postMessageFixture from "../__fixtures__/chat-post-message.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

describe("send_direct_message", () => {
  const api = useMockApi(...slackHandlers);

  it("opens the DM with conversations.open, then posts to the DM's ID", async () => {
    await expect(
      runAction(slack, "send_direct_message", {
        auth: TEST_TOKEN,
        props: { user: "W012A3CDE", text: "Your build is ready" },
      }),
    ).resolves.toEqual(postMessageFixture);
    const [open, post] = api.calls;
    expect(open).toMatchObject({ method: "POST", endpoint: methodUrl("conversations.open") });
    expect(open?.body).toEqual({ users: "W012A3CDE" });
    expect(open?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(post).toMatchObject({ method: "POST", endpoint: methodUrl("chat.postMessage") });
    expect(post?.body).toEqual({ channel: "D069C7QFK", text: "Your build is ready" });
    expect(post?.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("stops with NOT_FOUND when the user does not exist, posting nothing", async () => {
    api.use(http.post(methodUrl("conversations.open"), () => slackError("user_not_found")));
    await expect(
      runAction(slack, "send_direct_message", {
        auth: TEST_TOKEN,
        props: { user: "U404", text: "hi" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", providerCode: "user_not_found" });
    expect(api.callsTo("POST", methodUrl("chat.postMessage"))).toHaveLength(0);
  });
});
