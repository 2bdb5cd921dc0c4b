import { createMemoryStore, createWebhookRequest } from "@triggo/connector-sdk";
import { describe, expect, it } from "vitest";
import messageEvent from "./__fixtures__/event-message.json";
import urlVerification from "./__fixtures__/url-verification.json";
import { slack } from "./slack-connector";
import { workspaceIdsOf, workspaceRoutingKey } from "./slack-events";

const request = (body: unknown) =>
  createWebhookRequest({
    url: "https://triggo.test/webhooks/apps/slack",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("Slack app webhook routing", () => {
  it("routes an event to its own workspace, a shared channel's and each authorization's", () => {
    const shared = {
      ...messageEvent,
      team_id: "T_SENDER",
      context_team_id: "T_CHANNEL",
      authorizations: [
        { team_id: "T_INSTALLED", user_id: "U1", is_bot: true },
        { team_id: "T_SENDER", user_id: "U2", is_bot: true },
      ],
    };
    expect(slack.appWebhook?.routingKeys?.(request(shared))).toEqual([
      "T_SENDER",
      "T_CHANNEL",
      "T_INSTALLED",
    ]);
    expect(workspaceIdsOf({ ...messageEvent, authorizations: undefined } as never)).toEqual([
      messageEvent.team_id,
    ]);
  });

  it("says an uninstall, or a revoked bot token, revokes the workspace's accounts", () => {
    const envelope = (event: unknown) => ({
      token: "XXYYZZ",
      team_id: "T9TK3CUKW",
      api_app_id: "A0KRD7HC3",
      event,
      type: "event_callback",
      event_id: "Ev0PV52K25",
      event_time: 1234567890,
    });
    const revokes = (event: unknown) => slack.appWebhook?.revokes?.(request(envelope(event)));
    expect(revokes({ type: "app_uninstalled" })).toEqual({
      routingKeys: ["T9TK3CUKW"],
      reason: expect.stringContaining("uninstalled from workspace T9TK3CUKW"),
    });
    expect(revokes({ type: "tokens_revoked", tokens: { bot: ["U0KRQLJ9H"] } })).toEqual({
      routingKeys: ["T9TK3CUKW"],
      reason: expect.stringContaining("revoked the Slack app's bot token"),
    });
    // A user's own token revoked: the bot (the account) still works.
    expect(revokes({ type: "tokens_revoked", tokens: { oauth: ["U061F7AUR"] } })).toBeUndefined();
    expect(slack.appWebhook?.revokes?.(request(messageEvent))).toBeUndefined();
  });

  it("routes what is not an event callback to no instance", () => {
    expect(slack.appWebhook?.routingKeys?.(request(urlVerification))).toEqual([]);
  });

  it("gives each app-level trigger instance the workspace its onEnable remembered as its key", async () => {
    const store = createMemoryStore();
    expect(await workspaceRoutingKey(store)).toBeUndefined();
    await store.put("teamId", "T9TK3CUKW");
    expect(await workspaceRoutingKey(store)).toBe("T9TK3CUKW");
    for (const trigger of slack.triggers) {
      if (trigger.type === "WEBHOOK")
        expect(trigger.appWebhook?.routingKey).toBe(workspaceRoutingKey);
    }
  });
});
