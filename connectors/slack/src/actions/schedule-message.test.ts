import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import scheduleFixture from "../__fixtures__/chat-schedule-message.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("chat.scheduleMessage");

describe("schedule_message", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs chat.scheduleMessage as JSON with post_at in Unix seconds", async () => {
    await expect(
      runAction(slack, "schedule_message", {
        auth: TEST_TOKEN,
        props: {
          channel: "C123ABC456",
          post_at: "2019-07-03T21:00:00.750+02:00",
          text: "Here's a message for you in the future",
          thread_ts: "1562180000.000100",
        },
      }),
    ).resolves.toEqual(scheduleFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url });
    expect(call.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(call.body).toEqual({
      channel: "C123ABC456",
      post_at: 1562180400,
      text: "Here's a message for you in the future",
      thread_ts: "1562180000.000100",
    });
  });

  it("maps time_in_past to VALIDATION", async () => {
    api.use(http.post(url, () => slackError("time_in_past")));
    await expect(
      runAction(slack, "schedule_message", {
        auth: TEST_TOKEN,
        props: { channel: "C1", post_at: "2001-01-01T00:00:00Z", text: "late" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", providerCode: "time_in_past" });
  });
});
