// End to end, per flagship connector, over HTTP: create a trigger for a user (the registration
// request seen by msw), deliver a signed event to the server's ingress, receive it through
// `subscribe` and through a signed outbound webhook, disable, delete (the removal seen).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import {
  signGitHubWebhook,
  signSlackWebhook,
  signStripeWebhook,
  verifyStandardWebhook,
} from "@triggo/shared";
import { useMockApi } from "@triggo/testing";
import { http, passthrough } from "msw";
import { afterEach, expect, it } from "vitest";
import { createDeliveryWorker } from "./delivery";
import type { RuntimeEvent } from "./event-bus";
import { describeEachDatabase } from "./runtime-test-databases";
import {
  createTestRuntime,
  GITHUB_TOKEN,
  githubPush,
  HOOK_ID,
  providerHandlers,
  SLACK_SIGNING_SECRET,
  SLACK_TEAM,
  SLACK_TOKEN,
  STRIPE_ENDPOINT,
  STRIPE_KEY,
  stateOf,
} from "./runtime-test-support";
import { createRuntimeServer } from "./server";

const API_KEY = "trg_e2e_key_0123456789abcdef";

interface Flagship {
  connector: string;
  slug: string;
  credentials: unknown;
  triggerConfig: Record<string, unknown>;
  /** The provider request that registers the trigger (none for Slack's app-level events). */
  registration?: { method: string; url: string };
  /** The provider request that removes it. */
  removal?: { method: string; url: string };
  /** Where the provider delivers, given the instance and the server's base URL. */
  path(triggerId: string): string;
  /** A signed delivery of one event, and that event's id. */
  delivery(state: Record<string, unknown>): {
    body: string;
    headers: Record<string, string>;
    eventId: string;
  };
  authConfig?: Record<string, unknown>;
}

const sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const stripeEvent = {
  id: "evt_3MtwBwLkdIwHu7ix0xk0h8Zc",
  object: "event",
  type: "payment_intent.succeeded",
  created: 1686089970,
  livemode: false,
  api_version: "2026-01-28.clover",
  data: { object: { id: "pi_3MtwBwLkdIwHu7ix28a3tqPa", object: "payment_intent", amount: 2000 } },
};
const slackEvent = {
  type: "event_callback",
  team_id: SLACK_TEAM,
  api_app_id: "A123ABC456",
  event: {
    type: "message",
    channel: "C123ABC456",
    user: "U1",
    text: "Ship it",
    ts: "1355517523.000005",
  },
  event_id: "Ev08MFMKH6",
  event_time: 1355517523,
};

const FLAGSHIPS: Flagship[] = [
  {
    connector: "github",
    slug: "GITHUB_COMMIT_EVENT",
    credentials: GITHUB_TOKEN,
    triggerConfig: { owner: "octocat", repo: "Hello-World" },
    registration: { method: "POST", url: "https://api.github.com/repos/octocat/Hello-World/hooks" },
    removal: {
      method: "DELETE",
      url: `https://api.github.com/repos/octocat/Hello-World/hooks/${HOOK_ID}`,
    },
    path: (triggerId) => `/webhooks/${triggerId}`,
    delivery(state) {
      const body = JSON.stringify(githubPush(sha));
      return {
        body,
        eventId: sha,
        headers: {
          "x-github-event": "push",
          "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
          ...signGitHubWebhook({ secret: state.signingSecret as string, body }),
        },
      };
    },
  },
  {
    connector: "stripe",
    slug: "STRIPE_PAYMENT_SUCCEEDED",
    credentials: { apiKey: STRIPE_KEY },
    triggerConfig: {},
    registration: { method: "POST", url: "https://api.stripe.com/v1/webhook_endpoints" },
    removal: {
      method: "DELETE",
      url: `https://api.stripe.com/v1/webhook_endpoints/${STRIPE_ENDPOINT.id}`,
    },
    path: (triggerId) => `/webhooks/${triggerId}`,
    delivery(state) {
      const body = JSON.stringify(stripeEvent);
      return {
        body,
        eventId: stripeEvent.id,
        headers: signStripeWebhook({ secret: state.signingSecret as string, body }),
      };
    },
  },
  {
    connector: "slack",
    slug: "SLACK_NEW_MESSAGE",
    credentials: SLACK_TOKEN,
    triggerConfig: {},
    authConfig: { appConfig: { signingSecret: SLACK_SIGNING_SECRET } },
    // Slack's events come to the app's one endpoint; enabling checks the token with auth.test.
    registration: { method: "POST", url: "https://slack.com/api/auth.test" },
    path: () => "/webhooks/apps/slack",
    delivery() {
      const body = JSON.stringify(slackEvent);
      return {
        body,
        eventId: slackEvent.event_id,
        headers: signSlackWebhook({ secret: SLACK_SIGNING_SECRET, body }),
      };
    },
  },
];

describeEachDatabase("flagship connectors end to end over HTTP", (database) => {
  const api = useMockApi(
    http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
    ...providerHandlers,
  );
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** The application: takes outbound deliveries on loopback. */
  async function startApplication() {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/triggo`, received };
  }

  for (const flagship of FLAGSHIPS) {
    it(`${flagship.connector}: create, deliver, subscribe and outbound webhook, disable, delete`, async () => {
      const { runtime } = await createTestRuntime(database());
      const server = createRuntimeServer(runtime, { apiKeys: [API_KEY] });
      const { url } = await server.listen(0, "127.0.0.1");
      closers.push(() => server.close());
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${API_KEY}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, json: (await response.json()) as any };
      };
      const application = await startApplication();
      const endpoint = await call("POST", "/api/delivery-endpoints", {
        url: application.url,
        filters: { userIds: ["user-1"] },
      });
      expect(endpoint.status).toBe(201);
      const worker = createDeliveryWorker(runtime, { fetch: (input, init) => fetch(input, init) });

      if (flagship.authConfig) {
        const config = await call("POST", "/api/auth-configs", {
          connector: flagship.connector,
          ...flagship.authConfig,
        });
        expect(config.status).toBe(201);
      }
      const account = await call("POST", "/api/connected-accounts", {
        userId: "user-1",
        connector: flagship.connector,
        credentials: flagship.credentials,
      });
      expect(account.status).toBe(201);
      const created = await call("POST", "/api/triggers", {
        userId: "user-1",
        slug: flagship.slug,
        triggerConfig: flagship.triggerConfig,
      });
      expect(created.status).toBe(201);
      const triggerId = created.json.triggerId as string;
      if (flagship.registration) {
        expect(api.callsTo(flagship.registration.method, flagship.registration.url)).toHaveLength(
          1,
        );
      }

      const subscribed: RuntimeEvent[] = [];
      runtime.subscribe((event) => void subscribed.push(event), { triggerIds: [triggerId] });
      const delivery = flagship.delivery(await stateOf(database(), triggerId));
      const answer = await fetch(`${url}${flagship.path(triggerId)}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...delivery.headers },
        body: delivery.body,
      });
      expect(answer.status).toBe(200);
      expect(subscribed.map((event) => event.eventId)).toEqual([delivery.eventId]);

      // The outbound webhook: signed with the endpoint's secret, carrying the event.
      expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
      expect(application.received).toHaveLength(1);
      const [sent] = application.received;
      const headers = Object.fromEntries(
        Object.entries(sent!.headers).map(([name, value]) => [name, String(value)]),
      );
      expect(() =>
        verifyStandardWebhook({ secret: endpoint.json.secret, body: sent!.body, headers }),
      ).not.toThrow();
      expect(JSON.parse(sent!.body)).toMatchObject({
        type: "trigger.event",
        triggerId,
        slug: flagship.slug === "GITHUB_COMMIT_EVENT" ? "GITHUB_NEW_COMMIT" : flagship.slug,
        userId: "user-1",
        eventId: delivery.eventId,
      });
      const attempts = await call("GET", `/api/delivery-attempts?eventId=${delivery.eventId}`);
      expect(attempts.json.items).toEqual([
        expect.objectContaining({ status: "delivered", statusCode: 204, attempt: 1 }),
      ]);

      const disabled = await call("POST", `/api/triggers/${triggerId}/disable`);
      expect(disabled.json.trigger.status).toBe("disabled");
      if (flagship.removal) {
        expect(api.callsTo(flagship.removal.method, flagship.removal.url)).toHaveLength(1);
      }
      const deleted = await call("DELETE", `/api/triggers/${triggerId}`);
      expect(deleted.status).toBe(200);
      expect((await call("GET", `/api/triggers/${triggerId}`)).status).toBe(404);
      expect(await database().query("SELECT 1 FROM events")).toEqual([]);
    });
  }
});
