import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import updateFixture from "../__fixtures__/chat-update.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("chat.update");

describe("update_message", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs chat.update as JSON with the channel, ts and new text", async () => {
    await expect(
      runAction(slack, "update_message", {
        auth: TEST_TOKEN,
        props: {
          channel: "C123ABC456",
          ts: "1401383885.000061",
          text: "Updated text you carefully authored",
        },
      }),
    ).resolves.toEqual(updateFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url });
    expect(call.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(call.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(call.body).toEqual({
      channel: "C123ABC456",
      ts: "1401383885.000061",
      text: "Updated text you carefully authored",
    });
  });

  it("maps cant_update_message to FORBIDDEN and message_not_found to NOT_FOUND", async () => {
    api.use(http.post(url, () => slackError("cant_update_message"), { once: true }));
    const props = { channel: "C1", ts: "1.2", text: "x" };
    await expect(
      runAction(slack, "update_message", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      providerCode: "cant_update_message",
    });
    api.use(http.post(url, () => slackError("message_not_found")));
    await expect(
      runAction(slack, "update_message", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      retryable: false,
    });
  });
});
