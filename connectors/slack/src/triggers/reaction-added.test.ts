import { createTriggerHarness, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import reactionFixture from "../__fixtures__/event-reaction-added.json";
import { methodUrl, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";

function delivery(event: Record<string, unknown> = {}, item: Record<string, unknown> = {}) {
  return {
    ...reactionFixture,
    team_id: "T0G9PQBBK",
    event: { ...reactionFixture.event, ...event, item: { ...reactionFixture.event.item, ...item } },
  };
}

async function enabledHarness(props: Record<string, unknown> = {}) {
  const harness = createTriggerHarness(slack, "reaction_added", {
    auth: TEST_TOKEN,
    props,
    appConfig: { signingSecret },
  });
  await harness.enable();
  return harness;
}

describe("reaction_added", () => {
  const api = useMockApi(...slackHandlers);

  it("checks the token on enable and emits a signed reaction named by its event_id", async () => {
    const harness = await enabledHarness();
    expect(api.lastCall()).toMatchObject({ method: "POST", endpoint: methodUrl("auth.test") });
    const body = delivery();
    await expect(harness.deliver({ body, signWith: signingSecret })).resolves.toEqual({
      matched: true,
      deliveryId: "Ev0RA1ADD3D",
      events: [{ id: "Ev0RA1ADD3D", payload: body, occurredAt: "2013-02-13T19:13:24.000Z" }],
    });
    await harness.disable();
    expect(api.calls).toHaveLength(1);
  });

  it("refuses a forged or stale delivery", async () => {
    const harness = await enabledHarness();
    await expect(harness.deliver({ body: delivery(), signWith: "forged" })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(
      harness.deliver({
        body: delivery(),
        signWith: signingSecret,
        timestamp: Math.floor(Date.now() / 1000) - 600,
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });

  it("gives a redelivery the same ids", async () => {
    const harness = await enabledHarness();
    const first = await harness.deliver({ body: delivery(), signWith: signingSecret });
    const again = await harness.deliver({ body: delivery(), signWith: signingSecret });
    expect(again.deliveryId).toBe(first.deliveryId);
    expect(again.events[0]?.id).toBe(first.events[0]?.id);
  });

  it("filters by channel and by emoji, colons and skin tones aside", async () => {
    const harness = await enabledHarness({ channel: "C123ABC456", emoji: ":thumbsup:" });
    const toned = await harness.deliver({
      body: delivery({ reaction: "thumbsup::skin-tone-2" }),
      signWith: signingSecret,
    });
    expect(toned.events).toHaveLength(1);
    const otherEmoji = await harness.deliver({
      body: delivery({ reaction: "eyes" }),
      signWith: signingSecret,
    });
    expect(otherEmoji.matched).toBe(false);
    const otherChannel = await harness.deliver({
      body: delivery({}, { channel: "C0THER" }),
      signWith: signingSecret,
    });
    expect(otherChannel.matched).toBe(false);
  });

  it("ignores messages and other workspaces", async () => {
    const harness = await enabledHarness();
    const message = await harness.deliver({
      body: delivery({ type: "message" }),
      signWith: signingSecret,
    });
    expect(message.matched).toBe(false);
    const other = await harness.deliver({
      body: { ...delivery(), team_id: "T0THER", authorizations: [] },
      signWith: signingSecret,
    });
    expect(other.matched).toBe(false);
  });
});
