import { createHmac } from "node:crypto";
import { createTriggerHarness, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import messageFixture from "../__fixtures__/event-message.json";
import verificationFixture from "../__fixtures__/url-verification.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";
/** The workspace auth.test answers for in the mocks. */
const teamId = "T0G9PQBBK";

function delivery(event: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) {
  return {
    ...messageFixture,
    team_id: teamId,
    ...envelope,
    event: { ...messageFixture.event, ...event },
  };
}

async function enabledHarness(props: Record<string, unknown> = {}) {
  const harness = createTriggerHarness(slack, "new_message", {
    auth: TEST_TOKEN,
    props,
    appConfig: { signingSecret },
  });
  await harness.enable();
  return harness;
}

describe("new_message", () => {
  const api = useMockApi(...slackHandlers);

  it("registers nothing on enable: it checks the token with auth.test and keeps the workspace", async () => {
    const harness = await enabledHarness();
    expect(api.calls).toHaveLength(1);
    expect(api.lastCall()).toMatchObject({ method: "POST", endpoint: methodUrl("auth.test") });
    expect(api.lastCall().headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(harness.store.snapshot()).toEqual({ teamId, botUserId: "W23456789" });
  });

  it("checks on enable that the bot is in the chosen channel, since Slack sends it no events otherwise", async () => {
    await enabledHarness({ channel: "C999" });
    expect(api.calls.map((call) => `${call.method} ${call.endpoint}`)).toEqual([
      `POST ${methodUrl("auth.test")}`,
      `GET ${methodUrl("conversations.info")}`,
    ]);
    expect(api.lastCall().query).toEqual({ channel: "C999" });

    api.use(
      http.get(methodUrl("conversations.info"), () =>
        Response.json({ ok: true, channel: { id: "C999", name: "ops", is_member: false } }),
      ),
    );
    const outside = createTriggerHarness(slack, "new_message", {
      auth: TEST_TOKEN,
      props: { channel: "C999" },
      appConfig: { signingSecret },
    });
    await expect(outside.enable()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("not a member of #ops"),
    });
    expect(outside.store.snapshot()).toEqual({});
  });

  it("fails to enable with a revoked token", async () => {
    api.use(http.post(methodUrl("auth.test"), () => slackError("token_revoked")));
    const harness = createTriggerHarness(slack, "new_message", {
      auth: TEST_TOKEN,
      appConfig: { signingSecret },
    });
    await expect(harness.enable()).rejects.toMatchObject({ code: "AUTH_INVALID" });
  });

  it("sends nothing on disable and forgets the workspace", async () => {
    const harness = await enabledHarness();
    await harness.disable();
    expect(api.calls).toHaveLength(1);
    expect(harness.store.snapshot()).toEqual({});
  });

  it("turns a signed message event into one event named by its event_id", async () => {
    const harness = await enabledHarness();
    const body = delivery();
    await expect(harness.deliver({ body, signWith: signingSecret })).resolves.toEqual({
      matched: true,
      deliveryId: "Ev123ABC456",
      events: [{ id: "Ev123ABC456", payload: body, occurredAt: "2012-12-14T20:38:43.000Z" }],
    });
  });

  it("accepts the signature as Slack documents it: v0= and the hex HMAC of v0:timestamp:body", async () => {
    const harness = await enabledHarness();
    const rawBody = JSON.stringify(delivery());
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac("sha256", signingSecret)
      .update(`v0:${timestamp}:${rawBody}`)
      .digest("hex");
    const result = await harness.deliver({
      body: rawBody,
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": `v0=${signature}`,
      },
    });
    expect(result.events).toHaveLength(1);
  });

  it("refuses a forged, unsigned, altered or stale delivery", async () => {
    const harness = await enabledHarness();
    const body = delivery();
    await expect(harness.deliver({ body, signWith: "not-the-secret" })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(harness.deliver({ body })).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const signed = harness.buildRequest({ body, signWith: signingSecret });
    const altered = {
      ...signed,
      rawBody: new TextEncoder().encode(JSON.stringify(delivery({ text: "x" }))),
    };
    await expect(harness.receive(altered)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
    await expect(
      harness.deliver({ body, signWith: signingSecret, timestamp: sixMinutesAgo }),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      details: { reason: "timestamp_out_of_tolerance" },
    });
  });

  it("cannot verify without the app's signing secret", async () => {
    const harness = createTriggerHarness(slack, "new_message", { auth: TEST_TOKEN });
    await harness.enable();
    await expect(
      harness.deliver({ body: delivery(), signWith: signingSecret }),
    ).rejects.toMatchObject({
      code: "CONFIGURATION",
    });
  });

  it("answers Slack's url_verification with its challenge", async () => {
    const harness = await enabledHarness();
    await expect(
      harness.deliver({ body: verificationFixture, signWith: signingSecret }),
    ).resolves.toEqual({
      handshake: {
        status: 200,
        headers: { "content-type": "application/json" },
        body: { challenge: verificationFixture.challenge },
      },
      matched: true,
      events: [],
    });
  });

  it("gives Slack's retry of a delivery the same delivery id and event id, so the runtime drops it", async () => {
    const harness = await enabledHarness();
    const body = delivery();
    const first = await harness.deliver({ body, signWith: signingSecret });
    const retry = await harness.deliver({
      body,
      signWith: signingSecret,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.deliveryId).toBe(first.deliveryId);
    expect(retry.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
  });

  it("matches only its channel when one is chosen", async () => {
    const harness = await enabledHarness({ channel: "C999" });
    const elsewhere = await harness.deliver({ body: delivery(), signWith: signingSecret });
    expect(elsewhere).toEqual({ matched: false, deliveryId: "Ev123ABC456", events: [] });
    const here = await harness.deliver({
      body: delivery({ channel: "C999" }),
      signWith: signingSecret,
    });
    expect(here.events).toHaveLength(1);
  });

  it("does not match another workspace's events", async () => {
    const harness = await enabledHarness();
    const other = delivery({}, { team_id: "T0THER", authorizations: [{ team_id: "T0THER" }] });
    await expect(harness.deliver({ body: other, signWith: signingSecret })).resolves.toMatchObject({
      matched: false,
      events: [],
    });
  });

  it("skips edits, deletions and channel notices", async () => {
    const harness = await enabledHarness();
    for (const subtype of ["message_changed", "message_deleted", "channel_join"]) {
      const result = await harness.deliver({
        body: delivery({ subtype }),
        signWith: signingSecret,
      });
      expect(result).toMatchObject({ matched: false, events: [] });
    }
    const withFile = await harness.deliver({
      body: delivery({ subtype: "file_share" }),
      signWith: signingSecret,
    });
    expect(withFile.events).toHaveLength(1);
  });

  it("skips bot messages unless asked not to", async () => {
    const fromBot = delivery({ bot_id: "B123ABC456" });
    const legacyBot = delivery({ subtype: "bot_message", user: undefined });
    const ignoring = await enabledHarness();
    await expect(
      ignoring.deliver({ body: fromBot, signWith: signingSecret }),
    ).resolves.toMatchObject({ matched: false });
    await expect(
      ignoring.deliver({ body: legacyBot, signWith: signingSecret }),
    ).resolves.toMatchObject({ matched: false });
    const keeping = await enabledHarness({ ignore_bots: false });
    const kept = await keeping.deliver({ body: fromBot, signWith: signingSecret });
    expect(kept.events).toHaveLength(1);
  });

  it("ignores other event types", async () => {
    const harness = await enabledHarness();
    const reaction = delivery({ type: "reaction_added" });
    await expect(
      harness.deliver({ body: reaction, signWith: signingSecret }),
    ).resolves.toMatchObject({
      matched: false,
    });
  });
});
