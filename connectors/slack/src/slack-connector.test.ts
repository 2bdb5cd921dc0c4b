import { describeConnector, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { version } from "../package.json";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "./mocks";
import { slack } from "./slack-connector";

describeConnector(slack, { packageVersion: version });

describe("custom_api_call", () => {
  const api = useMockApi(...slackHandlers);

  it("calls any Web API method with the token and returns the raw response", async () => {
    api.use(http.post(methodUrl("conversations.archive"), () => Response.json({ ok: true })));
    const result = await runAction(slack, "custom_api_call", {
      auth: TEST_TOKEN,
      props: { method: "POST", path: "/conversations.archive", body: { channel: "C123ABC456" } },
    });
    expect(result).toMatchObject({ status: 200, body: { ok: true } });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: methodUrl("conversations.archive") });
    expect(call.body).toEqual({ channel: "C123ABC456" });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("reads query parameters for read methods, and maps ok: false like any action", async () => {
    api.use(http.get(methodUrl("conversations.info"), () => slackError("channel_not_found")));
    await expect(
      runAction(slack, "custom_api_call", {
        auth: TEST_TOKEN,
        props: { method: "GET", path: "conversations.info", query: { channel: "C404" } },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", providerCode: "channel_not_found" });
    expect(api.lastCall().query).toEqual({ channel: "C404" });
  });

  it("never sends the token to another host", async () => {
    await expect(
      runAction(slack, "custom_api_call", {
        auth: TEST_TOKEN,
        props: { method: "GET", path: "https://evil.example.com/api/auth.test" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });
});

describe("the connector", () => {
  it("declares Slack's app-level Events API endpoint with the signing secret", () => {
    expect(slack.appWebhook?.appConfigKeys).toEqual(["signingSecret"]);
    expect(
      slack.triggers
        .filter((trigger) => trigger.type === "WEBHOOK" && trigger.appWebhook)
        .map((trigger) => trigger.name),
    ).toEqual(["new_message", "reaction_added", "channel_created"]);
  });
});
