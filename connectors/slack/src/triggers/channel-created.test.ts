import { createTriggerHarness, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import channelCreatedFixture from "../__fixtures__/event-channel-created.json";
import verificationFixture from "../__fixtures__/url-verification.json";
import { methodUrl, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";
const body = { ...channelCreatedFixture, team_id: "T0G9PQBBK" };

async function enabledHarness() {
  const harness = createTriggerHarness(slack, "channel_created", {
    auth: TEST_TOKEN,
    appConfig: { signingSecret },
  });
  await harness.enable();
  return harness;
}

describe("channel_created", () => {
  const api = useMockApi(...slackHandlers);

  it("checks the token on enable and emits a signed channel_created event", async () => {
    const harness = await enabledHarness();
    expect(api.lastCall()).toMatchObject({ method: "POST", endpoint: methodUrl("auth.test") });
    await expect(harness.deliver({ body, signWith: signingSecret })).resolves.toEqual({
      matched: true,
      deliveryId: "Ev0CHANCR8",
      events: [{ id: "Ev0CHANCR8", payload: body, occurredAt: "2013-02-13T19:13:24.000Z" }],
    });
  });

  it("refuses a forged or stale delivery and answers the handshake", async () => {
    const harness = await enabledHarness();
    await expect(harness.deliver({ body, signWith: "forged" })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(
      harness.deliver({
        body,
        signWith: signingSecret,
        timestamp: Math.floor(Date.now() / 1000) - 301,
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const handshake = await harness.deliver({ body: verificationFixture, signWith: signingSecret });
    expect(handshake.handshake?.body).toEqual({ challenge: verificationFixture.challenge });
  });

  it("gives a redelivery the same ids, and ignores other events", async () => {
    const harness = await enabledHarness();
    const first = await harness.deliver({ body, signWith: signingSecret });
    const again = await harness.deliver({ body, signWith: signingSecret });
    expect(again.deliveryId).toBe(first.deliveryId);
    expect(again.events[0]?.id).toBe(first.events[0]?.id);
    const renamed = { ...body, event: { ...body.event, type: "channel_rename" } };
    await expect(
      harness.deliver({ body: renamed, signWith: signingSecret }),
    ).resolves.toMatchObject({
      matched: false,
    });
  });
});
