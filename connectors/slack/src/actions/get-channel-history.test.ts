import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import historyFixture from "../__fixtures__/conversations-history.json";
import {
  methodUrl,
  pagedHandler,
  rateLimited,
  slackError,
  slackHandlers,
  TEST_TOKEN,
} from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("conversations.history");

describe("get_channel_history", () => {
  const api = useMockApi(...slackHandlers);

  it("GETs conversations.history with the channel, the time window in Slack's ts form and inclusive", async () => {
    await expect(
      runAction(slack, "get_channel_history", {
        auth: TEST_TOKEN,
        props: {
          channel: "C123ABC456",
          oldest: "2017-11-30T00:00:00Z",
          latest: "2017-12-01T00:00:00.500Z",
          inclusive: true,
          limit: 10,
        },
      }),
    ).resolves.toEqual({ messages: historyFixture.messages });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: url, rawBody: "" });
    expect(call.query).toEqual({
      channel: "C123ABC456",
      oldest: "1512000000.000000",
      latest: "1512086400.500000",
      inclusive: "true",
      limit: "10",
    });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("sends no inclusive without a window, and pages of 200 until the limit", async () => {
    const messages = Array.from({ length: 500 }, (_, index) => ({
      type: "message",
      text: `m${index}`,
      ts: `${1512100000 - index}.000100`,
    }));
    api.use(pagedHandler("conversations.history", "messages", messages));
    const result = (await runAction(slack, "get_channel_history", {
      auth: TEST_TOKEN,
      props: { channel: "C1", inclusive: true, limit: 450 },
    })) as { messages: { ts: string }[] };
    expect(result.messages.map((message) => message.ts)).toEqual(
      messages.slice(0, 450).map((message) => message.ts),
    );
    expect(api.calls.map((call) => call.query)).toEqual([
      { channel: "C1", limit: "200" },
      { channel: "C1", limit: "200", cursor: "page:200" },
      { channel: "C1", limit: "200", cursor: "page:400" },
    ]);
  });

  it("maps channel_not_found to NOT_FOUND without retrying", async () => {
    api.use(http.get(url, () => slackError("channel_not_found")));
    await expect(
      runAction(slack, "get_channel_history", { auth: TEST_TOKEN, props: { channel: "C404" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", retryable: false });
    expect(api.calls).toHaveLength(1);
  });

  it("retries a read after internal_error and after a 429", async () => {
    api.use(
      http.get(url, () => slackError("internal_error"), { once: true }),
      http.get(url, () => rateLimited(0), { once: true }),
    );
    await expect(
      runAction(slack, "get_channel_history", { auth: TEST_TOKEN, props: { channel: "C1" } }),
    ).resolves.toEqual({ messages: historyFixture.messages });
    expect(api.callsTo("GET", url)).toHaveLength(3);
  });
});
