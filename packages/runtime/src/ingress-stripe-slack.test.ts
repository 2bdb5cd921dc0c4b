import { signSlackWebhook, signStripeWebhook } from "@triggo/shared";
import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { expect, it } from "vitest";
import type { LifecycleEvent, RuntimeEvent } from "./event-bus";
import { describeEachDatabase } from "./runtime-test-databases";
import {
  createTestRuntime,
  deliveryRequest,
  PUBLIC_URL,
  providerHandlers,
  SLACK_SIGNING_SECRET,
  SLACK_TEAM,
  SLACK_TOKEN,
  STRIPE_ENDPOINT,
  STRIPE_KEY,
  stateOf,
} from "./runtime-test-support";

const succeeded = {
  id: "evt_3MtwBwLkdIwHu7ix0xk0h8Zc",
  object: "event",
  type: "payment_intent.succeeded",
  created: 1686089970,
  livemode: false,
  api_version: "2026-01-28.clover",
  data: { object: { id: "pi_3MtwBwLkdIwHu7ix28a3tqPa", object: "payment_intent", amount: 2000 } },
};

function slackMessage(eventId: string, text: string) {
  return {
    type: "event_callback",
    team_id: SLACK_TEAM,
    api_app_id: "A123ABC456",
    event: { type: "message", channel: "C123ABC456", user: "U1", text, ts: "1355517523.000005" },
    event_id: eventId,
    event_time: 1355517523,
  };
}

describeEachDatabase("Stripe and Slack end to end", (database) => {
  const api = useMockApi(...providerHandlers);

  it("Stripe: creates the webhook endpoint, stores a signed event once, and deletes the endpoint", async () => {
    const { runtime } = await createTestRuntime(database());
    await runtime.connectedAccounts.create({
      userId: "merchant",
      connector: "stripe",
      credentials: { apiKey: STRIPE_KEY },
    });
    const { triggerId } = await runtime.triggers.create("merchant", "STRIPE_PAYMENT_SUCCEEDED");
    expect(api.lastCall()).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/webhook_endpoints",
      body: { url: `${PUBLIC_URL}/webhooks/${triggerId}`, "metadata[triggo_instance]": triggerId },
    });
    expect(await stateOf(database(), triggerId)).toEqual({
      webhookEndpointId: STRIPE_ENDPOINT.id,
      signingSecret: STRIPE_ENDPOINT.secret,
    });

    const received: RuntimeEvent[] = [];
    runtime.subscribe((event) => void received.push(event), { triggerIds: [triggerId] });
    const rawBody = JSON.stringify(succeeded);
    const request = () =>
      deliveryRequest(`${PUBLIC_URL}/webhooks/${triggerId}`, rawBody, {
        ...signStripeWebhook({ secret: STRIPE_ENDPOINT.secret, body: rawBody }),
      });
    expect(await runtime.ingress.receive(triggerId, request())).toMatchObject({ status: 200 });
    expect(await runtime.ingress.receive(triggerId, request())).toMatchObject({
      status: 200,
      body: { duplicate: true },
    });
    expect(received.map((event) => event.eventId)).toEqual([succeeded.id]);
    expect(received[0]?.occurredAt?.toISOString()).toBe("2023-06-06T22:19:30.000Z");

    await runtime.triggers.delete(triggerId);
    expect(api.lastCall()).toMatchObject({
      method: "DELETE",
      endpoint: `https://api.stripe.com/v1/webhook_endpoints/${STRIPE_ENDPOINT.id}`,
    });
  });

  it("Slack: enables through auth.test, verifies app deliveries once, and routes them to the matching instances", async () => {
    const { runtime } = await createTestRuntime(database());
    await runtime.authConfigs.create({
      connector: "slack",
      clientId: "123.456",
      clientSecret: "slack-client-secret",
      appConfig: { signingSecret: SLACK_SIGNING_SECRET },
    });
    await runtime.connectedAccounts.create({
      userId: "team-lead",
      connector: "slack",
      credentials: SLACK_TOKEN,
    });
    const { triggerId } = await runtime.triggers.create("team-lead", "SLACK_NEW_MESSAGE", {
      triggerConfig: { ignore_bots: true },
    });
    expect(api.lastCall()).toMatchObject({
      method: "POST",
      endpoint: "https://slack.com/api/auth.test",
    });
    expect(await stateOf(database(), triggerId)).toMatchObject({ teamId: SLACK_TEAM });

    const received: RuntimeEvent[] = [];
    runtime.subscribe((event) => void received.push(event));
    const deliver = (body: unknown, secret = SLACK_SIGNING_SECRET) => {
      const rawBody = JSON.stringify(body);
      return runtime.ingress.receiveApp(
        "slack",
        deliveryRequest(
          `${PUBLIC_URL}/webhooks/apps/slack`,
          rawBody,
          signSlackWebhook({ secret, body: rawBody }),
        ),
      );
    };

    // The app settings come from the auth config when the server passes none.
    const challenge = await deliver({
      type: "url_verification",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    expect(challenge).toMatchObject({
      status: 200,
      body: { challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" },
    });

    expect(await deliver(slackMessage("Ev1", "Hello"))).toMatchObject({
      status: 200,
      body: { events: 1 },
    });
    expect(await deliver(slackMessage("Ev1", "Hello"))).toMatchObject({
      body: { duplicate: true },
    });
    expect(
      await deliver({ ...slackMessage("Ev2", "Elsewhere"), team_id: "T_OTHER" }),
    ).toMatchObject({
      status: 200,
      body: { events: 0 },
    });
    // Routed by workspace: the instance is found by the key onEnable gave it, and an instance
    // keyed to another workspace is not even offered the delivery.
    expect(
      await database().query("SELECT routing_key FROM trigger_instances WHERE id = $1", [
        triggerId,
      ]),
    ).toEqual([{ routing_key: SLACK_TEAM }]);
    await database().query("UPDATE trigger_instances SET routing_key = 'T_ELSEWHERE'");
    expect(await deliver(slackMessage("Ev4", "Routed away"))).toMatchObject({
      body: { events: 0 },
    });
    await database().query("UPDATE trigger_instances SET routing_key = $1", [SLACK_TEAM]);
    const forged = await deliver(slackMessage("Ev3", "Forged"), "wrong-secret");
    expect(forged.status).toBe(401);
    expect(received.map((event) => [event.triggerId, event.eventId])).toEqual([[triggerId, "Ev1"]]);
    expect(await database().query("SELECT event_id FROM events")).toEqual([{ event_id: "Ev1" }]);

    expect(
      (await runtime.ingress.receiveApp("github", deliveryRequest(`${PUBLIC_URL}/x`, {}))).status,
    ).toBe(404);
  });

  it("Slack: an uninstall revokes that workspace's accounts and disables their triggers, once", async () => {
    const { runtime } = await createTestRuntime(database());
    await runtime.authConfigs.create({
      connector: "slack",
      appConfig: { signingSecret: SLACK_SIGNING_SECRET },
    });
    const OTHER_TOKEN = "xoxb-other-workspace-0123456789";
    api.use(
      http.post("https://slack.com/api/auth.test", ({ request }) =>
        HttpResponse.json({
          ok: true,
          team_id:
            request.headers.get("authorization") === `Bearer ${OTHER_TOKEN}`
              ? "T_OTHER"
              : SLACK_TEAM,
          user_id: "W23456789",
          bot_id: "B1",
        }),
      ),
    );
    const gone = await runtime.connectedAccounts.create({
      userId: "team-lead",
      connector: "slack",
      credentials: SLACK_TOKEN,
    });
    const kept = await runtime.connectedAccounts.create({
      userId: "other-lead",
      connector: "slack",
      credentials: OTHER_TOKEN,
    });
    const { triggerId: goneTrigger } = await runtime.triggers.create(
      "team-lead",
      "SLACK_NEW_MESSAGE",
      {
        connectedAccountId: gone.id,
      },
    );
    const { triggerId: keptTrigger } = await runtime.triggers.create(
      "other-lead",
      "SLACK_NEW_MESSAGE",
      {
        connectedAccountId: kept.id,
      },
    );
    const lifecycle: LifecycleEvent[] = [];
    runtime.subscribeLifecycle((event) => void lifecycle.push(event));

    const uninstall = JSON.stringify({
      token: "XXYYZZ",
      team_id: SLACK_TEAM,
      api_app_id: "A123ABC456",
      event: { type: "app_uninstalled" },
      type: "event_callback",
      event_id: "EvUninstall1",
      event_time: 1234567890,
    });
    const deliver = () =>
      runtime.ingress.receiveApp(
        "slack",
        deliveryRequest(
          `${PUBLIC_URL}/webhooks/apps/slack`,
          uninstall,
          signSlackWebhook({ secret: SLACK_SIGNING_SECRET, body: uninstall }),
        ),
      );
    expect(await deliver()).toMatchObject({ status: 200, body: { events: 0 } });
    expect(await runtime.connectedAccounts.get(gone.id)).toMatchObject({
      status: "revoked",
      statusReason: expect.stringContaining(`uninstalled from workspace ${SLACK_TEAM}`),
    });
    expect(await runtime.triggers.get(goneTrigger)).toMatchObject({
      status: "disabled",
      disabledReason: expect.stringContaining("uninstalled"),
    });
    expect((await runtime.connectedAccounts.get(kept.id)).status).toBe("active");
    expect((await runtime.triggers.get(keptTrigger)).status).toBe("enabled");
    expect(lifecycle.map((event) => event.type)).toEqual(["account.revoked", "trigger.disabled"]);
    expect(lifecycle[0]).toMatchObject({ connectedAccountId: gone.id, userId: "team-lead" });
    expect(await database().query("SELECT type FROM lifecycle_events ORDER BY type")).toEqual([
      { type: "account.revoked" },
      { type: "trigger.disabled" },
    ]);

    // Slack retries with the same event_id: nothing more happens.
    expect(await deliver()).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(lifecycle).toHaveLength(2);
  });
});
