import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import inviteFixture from "../__fixtures__/conversations-invite.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("conversations.invite");

describe("invite_to_channel", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs conversations.invite as JSON with the user IDs comma-joined", async () => {
    await expect(
      runAction(slack, "invite_to_channel", {
        auth: TEST_TOKEN,
        props: { channel: "C012AB3CD", users: ["W012A3CDE", "W07QCRPA4"] },
      }),
    ).resolves.toEqual(inviteFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url });
    expect(call.body).toEqual({ channel: "C012AB3CD", users: "W012A3CDE,W07QCRPA4" });
  });

  it("refuses more than 100 users before sending anything", async () => {
    const users = Array.from({ length: 101 }, (_, index) => `U${index}`);
    await expect(
      runAction(slack, "invite_to_channel", { auth: TEST_TOKEN, props: { channel: "C1", users } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });

  it("maps not_in_channel to FORBIDDEN and already_in_channel to CONFLICT", async () => {
    api.use(http.post(url, () => slackError("not_in_channel"), { once: true }));
    const props = { channel: "C1", users: ["U1"] };
    await expect(
      runAction(slack, "invite_to_channel", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      providerCode: "not_in_channel",
    });
    api.use(http.post(url, () => slackError("already_in_channel")));
    await expect(
      runAction(slack, "invite_to_channel", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});
