import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import setTopicFixture from "../__fixtures__/conversations-set-topic.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("conversations.setTopic");

describe("set_channel_topic", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs conversations.setTopic as JSON", async () => {
    await expect(
      runAction(slack, "set_channel_topic", {
        auth: TEST_TOKEN,
        props: { channel: "C12345678", topic: "Apply topically for best effects" },
      }),
    ).resolves.toEqual(setTopicFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url });
    expect(call.body).toEqual({ channel: "C12345678", topic: "Apply topically for best effects" });
  });

  it("maps is_archived to CONFLICT", async () => {
    api.use(http.post(url, () => slackError("is_archived")));
    await expect(
      runAction(slack, "set_channel_topic", {
        auth: TEST_TOKEN,
        props: { channel: "C1", topic: "x" },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", providerCode: "is_archived", retryable: false });
  });
});
