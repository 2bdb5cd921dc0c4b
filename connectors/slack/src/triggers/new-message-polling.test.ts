import { createTriggerHarness, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { methodUrl, pagedHandler, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";
import type { SlackPolledMessage } from "./new-message-polling";

const historyUrl = methodUrl("conversations.history");

function message(ts: string, extra: Partial<SlackPolledMessage> = {}): SlackPolledMessage {
  return { type: "message", user: "U123ABC456", text: `said at ${ts}`, ts, ...extra };
}

describe("new_message_polling", () => {
  const api = useMockApi(...slackHandlers);

  function harnessFor(messages: SlackPolledMessage[], props: Record<string, unknown> = {}) {
    api.use(pagedHandler("conversations.history", "messages", messages));
    return createTriggerHarness(slack, "new_message_polling", {
      auth: TEST_TOKEN,
      props: { channel: "C123ABC456", ...props },
    });
  }

  it("records the newest page on enable, then emits only newer messages, oldest first", async () => {
    const messages = [message("1512104434.000490"), message("1512085950.000216")];
    const harness = harnessFor(messages);
    await harness.enable();
    const first = api.lastCall();
    expect(first).toMatchObject({ method: "GET", endpoint: historyUrl });
    expect(first.query).toEqual({ channel: "C123ABC456", limit: "100" });
    expect(first.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    await expect(harness.poll()).resolves.toEqual([]);
    // oldest is the newest seen ts, cut to the millisecond.
    expect(api.lastCall().query).toEqual({
      channel: "C123ABC456",
      oldest: "1512104434.000000",
      limit: "200",
    });

    const third = message("1512104434.000491");
    const fourth = message("1512105000.000001");
    messages.unshift(fourth, third);
    await expect(harness.poll()).resolves.toEqual([
      { id: "1512104434.000491", payload: third, occurredAt: "2017-12-01T05:00:34.000Z" },
      { id: "1512105000.000001", payload: fourth, occurredAt: "2017-12-01T05:10:00.000Z" },
    ]);
    expect(api.lastCall().query).toMatchObject({ oldest: "1512104434.000000" });
    await expect(harness.poll()).resolves.toEqual([]);
    expect(api.lastCall().query).toMatchObject({ oldest: "1512105000.000000" });
  });

  it("reads every page of what is new and emits each message once", async () => {
    const messages = [message("1600000000.000100")];
    const harness = harnessFor(messages);
    await harness.enable();
    const burst = Array.from({ length: 450 }, (_, index) =>
      message(`${1600000001 + index}.000100`),
    ).reverse();
    messages.unshift(...burst);
    const events = await harness.poll();
    expect(events.map((event) => event.id)).toEqual([...burst].reverse().map((each) => each.ts));
    const pages = api.calls.slice(1).map((call) => call.query.cursor);
    expect(pages).toEqual([undefined, "page:200", "page:400"]);
    await expect(harness.poll()).resolves.toEqual([]);
  });

  it("skips bot messages and notices unless asked to keep bots", async () => {
    const messages = [message("1600000000.000100")];
    const harness = harnessFor(messages);
    await harness.enable();
    messages.unshift(
      message("1600000003.000100", { bot_id: "B123ABC456" }),
      message("1600000002.000100", { subtype: "channel_join" }),
      message("1600000001.000100", { subtype: "thread_broadcast" }),
    );
    await expect(harness.poll()).resolves.toMatchObject([{ id: "1600000001.000100" }]);

    const keeping = harnessFor(messages, { ignore_bots: false });
    await keeping.enable();
    messages.unshift(message("1600000009.000100", { subtype: "bot_message" }));
    await expect(keeping.poll()).resolves.toMatchObject([{ id: "1600000009.000100" }]);
  });

  it("reads from the last poll's time when the channel had no messages yet", async () => {
    const messages: SlackPolledMessage[] = [];
    const harness = harnessFor(messages);
    await harness.enable();
    const now = Date.now() / 1000;
    const fresh = message(`${Math.floor(now) + 5}.000100`);
    messages.unshift(fresh);
    await expect(harness.poll()).resolves.toMatchObject([{ id: fresh.ts }]);
    expect(Number(api.calls[1]?.query.oldest)).toBeGreaterThan(now - 60);
  });

  it("maps not_in_channel on a private channel to FORBIDDEN", async () => {
    api.use(http.get(historyUrl, () => slackError("not_in_channel")));
    const harness = createTriggerHarness(slack, "new_message_polling", {
      auth: TEST_TOKEN,
      props: { channel: "G123" },
    });
    await expect(harness.enable()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("forgets what it has seen when disabled", async () => {
    const harness = harnessFor([message("1600000000.000100")]);
    await harness.enable();
    expect(Object.keys(harness.store.snapshot())).not.toEqual([]);
    await harness.disable();
    expect(harness.store.snapshot()).toEqual({});
  });
});
