import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import deleteFixture from "../__fixtures__/chat-delete.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("chat.delete");

describe("delete_message", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs chat.delete as JSON with the channel and ts", async () => {
    await expect(
      runAction(slack, "delete_message", {
        auth: TEST_TOKEN,
        props: { channel: "C123ABC456", ts: "1401383885.000061" },
      }),
    ).resolves.toEqual(deleteFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url });
    expect(call.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(call.body).toEqual({ channel: "C123ABC456", ts: "1401383885.000061" });
  });

  it("maps cant_delete_message to FORBIDDEN", async () => {
    api.use(http.post(url, () => slackError("cant_delete_message")));
    await expect(
      runAction(slack, "delete_message", { auth: TEST_TOKEN, props: { channel: "C1", ts: "1.2" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", providerCode: "cant_delete_message" });
  });
});
