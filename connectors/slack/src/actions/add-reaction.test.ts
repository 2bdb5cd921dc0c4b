import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("reactions.add");

describe("add_reaction", () => {
  const api = useMockApi(...slackHandlers);

  it("POSTs reactions.add as JSON with the emoji name without colons", async () => {
    await expect(
      runAction(slack, "add_reaction", {
        auth: TEST_TOKEN,
        props: { channel: "C123ABC456", timestamp: "1360782400.498405", name: ":thumbsup:" },
      }),
    ).resolves.toEqual({ ok: true });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: url });
    expect(call.body).toEqual({
      channel: "C123ABC456",
      timestamp: "1360782400.498405",
      name: "thumbsup",
    });
  });

  it("maps already_reacted to CONFLICT", async () => {
    api.use(http.post(url, () => slackError("already_reacted")));
    await expect(
      runAction(slack, "add_reaction", {
        auth: TEST_TOKEN,
        props: { channel: "C1", timestamp: "1.2", name: "eyes" },
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      providerCode: "already_reacted",
      retryable: false,
    });
  });
});
