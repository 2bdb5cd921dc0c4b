import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import createFixture from "../__fixtures__/conversations-create.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("conversations.create");

describe("create_channel", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs conversations.create as JSON, public by default", async () => {
    await expect(
      runAction(slack, "create_channel", { auth: TEST_TOKEN, props: { name: "endeavor" } }),
    ).resolves.toEqual(createFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url });
    expect(call.body).toEqual({ name: "endeavor", is_private: false });
  });

  it("creates a private channel when asked", async () => {
    await runAction(slack, "create_channel", {
      auth: TEST_TOKEN,
      props: { name: "secret", is_private: true },
    });
    expect(api.lastCall().body).toEqual({ name: "secret", is_private: true });
  });

  it("maps name_taken to CONFLICT and invalid_name_specials to VALIDATION", async () => {
    api.use(http.post(url, () => slackError("name_taken"), { once: true }));
    await expect(
      runAction(slack, "create_channel", { auth: TEST_TOKEN, props: { name: "general" } }),
    ).rejects.toMatchObject({ code: "CONFLICT", providerCode: "name_taken" });
    api.use(http.post(url, () => slackError("invalid_name_specials")));
    await expect(
      runAction(slack, "create_channel", { auth: TEST_TOKEN, props: { name: "Bad Name!" } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
