import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import postMessageFixture from "../__fixtures__/chat-post-message.json";
import { methodUrl, rateLimited, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const auth = TEST_TOKEN;
const url = methodUrl("chat.postMessage");

describe("send_message", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs chat.postMessage as UTF-8 JSON with the bot token and returns Slack's answer", async () => {
    await expect(
      runAction(slack, "send_message", {
        auth,
        props: { channel: "C123ABC456", text: "Here's a message for you" },
      }),
    ).resolves.toEqual(postMessageFixture);
    expect(api.calls).toHaveLength(1);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url, query: {} });
    expect(call.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(call.headers.authorization).toBe(`Bearer ${auth}`);
    expect(call.headers["user-agent"]).toMatch(/^triggo-slack\/\d+\.\d+\.\d+ /);
    expect(call.body).toEqual({ channel: "C123ABC456", text: "Here's a message for you" });
  });

  it("sends blocks, a thread reply broadcast to the channel, a custom name and icon, unfurl options", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Deploy* done" } }];
    await runAction(slack, "send_message", {
      auth,
      props: {
        channel: "C123ABC456",
        text: "Deploy done",
        blocks: { blocks },
        thread_ts: "1503435956.000247",
        reply_broadcast: true,
        username: "Deploy bot",
        icon_emoji: ":rocket:",
        icon_url: "https://example.com/icon.png",
        unfurl_links: false,
        unfurl_media: false,
      },
    });
    expect(api.lastCall().body).toEqual({
      channel: "C123ABC456",
      text: "Deploy done",
      blocks,
      thread_ts: "1503435956.000247",
      reply_broadcast: true,
      username: "Deploy bot",
      icon_emoji: ":rocket:",
      icon_url: "https://example.com/icon.png",
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it("sends blocks alone, and no reply_broadcast outside a thread", async () => {
    const blocks = [{ type: "divider" }];
    await runAction(slack, "send_message", {
      auth,
      props: { channel: "C1", blocks, reply_broadcast: true },
    });
    expect(api.lastCall().body).toEqual({ channel: "C1", blocks });
  });

  it("refuses a message without text or blocks before sending anything", async () => {
    await expect(
      runAction(slack, "send_message", { auth, props: { channel: "C1", text: "  " } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      runAction(slack, "send_message", {
        auth,
        props: { channel: "C1", blocks: { type: "divider" } },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message: '"blocks" must be a JSON array of Block Kit blocks.',
    });
    expect(api.calls).toHaveLength(0);
  });

  it("maps channel_not_found (HTTP 200, ok: false) to NOT_FOUND, sent once", async () => {
    api.use(http.post(url, () => slackError("channel_not_found")));
    await expect(
      runAction(slack, "send_message", { auth, props: { channel: "C404", text: "hi" } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      retryable: false,
      providerCode: "channel_not_found",
      message: "Slack chat.postMessage failed: channel_not_found",
    });
    expect(api.calls).toHaveLength(1);
  });

  it("maps a missing chat:write.customize scope to FORBIDDEN and names the scope", async () => {
    api.use(
      http.post(url, () =>
        slackError("missing_scope", { needed: "chat:write.customize", provided: "chat:write" }),
      ),
    );
    await expect(
      runAction(slack, "send_message", {
        auth,
        props: { channel: "C1", text: "hi", username: "x" },
      }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("needs the chat:write.customize scope"),
    });
  });

  it("maps invalid_auth to AUTH_INVALID without repeating the token", async () => {
    api.use(http.post(url, () => slackError("invalid_auth")));
    const failure = runAction(slack, "send_message", {
      auth,
      props: { channel: "C1", text: "hi" },
    });
    await expect(failure).rejects.toMatchObject({ code: "AUTH_INVALID", retryable: false });
    await expect(failure).rejects.not.toThrow(auth);
  });

  it("waits as a 429's Retry-After asks, then posts once more", async () => {
    api.use(http.post(url, () => rateLimited(1), { once: true }));
    await expect(
      runAction(slack, "send_message", { auth, props: { channel: "C1", text: "hi" } }),
    ).resolves.toEqual(postMessageFixture);
    expect(api.callsTo("POST", url)).toHaveLength(2);
  });

  it("fails at once with RATE_LIMITED and the wait when Slack asks for longer than a call may wait", async () => {
    api.use(http.post(url, () => rateLimited(120)));
    const failure = runAction(slack, "send_message", {
      auth,
      props: { channel: "C1", text: "hi" },
    });
    await expect(failure).rejects.toMatchObject({ code: "RATE_LIMITED", retryable: true });
    // What is left of the two minutes when the call gives up: a few milliseconds may have passed.
    const error = (await failure.catch((caught: unknown) => caught)) as { retryAfterMs: number };
    expect(error.retryAfterMs).toBeGreaterThan(119_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(api.calls).toHaveLength(1);
  });

  it("does not repeat a post after internal_error, which may have posted", async () => {
    api.use(http.post(url, () => slackError("internal_error")));
    await expect(
      runAction(slack, "send_message", { auth, props: { channel: "C1", text: "hi" } }),
    ).rejects.toMatchObject({ code: "UPSTREAM", retryable: true });
    expect(api.calls).toHaveLength(1);
  });
});
