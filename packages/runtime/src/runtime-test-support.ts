// Test support (not exported): a runtime over the test database, mock provider APIs, deliveries.
import { github } from "@triggo/connector-github";
import { createWebhookRequest, type WebhookRequest } from "@triggo/connector-sdk";
import { slack } from "@triggo/connector-slack";
import { stripe } from "@triggo/connector-stripe";
import { typeform } from "@triggo/connector-typeform";
import { createLogger, type LogRecord, signGitHubWebhook } from "@triggo/shared";
import { HttpResponse, http } from "@triggo/testing";
import type { Database } from "./database";
import { createRuntime, type Runtime, type RuntimeOptions } from "./runtime";
import { readTriggerState } from "./trigger-state-store";

export const PUBLIC_URL = "https://triggo.test";
/** A fixed key (base64 of 32 bytes) so that tests can reopen what they stored. */
export const TEST_KEY = Buffer.alloc(32, 7).toString("base64");
export const GITHUB_TOKEN = "ghp_runtimetest0123456789abcdefghijklmn";
export const STRIPE_KEY = "sk_test_runtime0123456789abcdef";
export const SLACK_TOKEN = "xoxb-runtime-test-0123456789";
export const SLACK_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const SLACK_TEAM = "T0G9PQBBK";
export const HOOK_ID = 12345678;
export const STRIPE_ENDPOINT = {
  id: "we_1Mr5jULkdIwHu7ix1ibLTM0x",
  secret: "whsec_runtime_test_secret",
};

/** A runtime over the test database, logging into `logs`. */
export async function createTestRuntime(
  database: Database,
  overrides: Partial<RuntimeOptions> = {},
): Promise<{ runtime: Runtime; logs: LogRecord[] }> {
  const logs: LogRecord[] = [];
  const runtime = await createRuntime({
    connectors: [slack, github, stripe, typeform],
    database,
    encryptionKey: TEST_KEY,
    publicUrl: PUBLIC_URL,
    logger: createLogger({ level: "debug", sink: (record) => logs.push(record) }),
    retry: { maxRetries: 0 },
    ...overrides,
  });
  return { runtime, logs };
}

/** Everything an instance keeps in its store. */
export const stateOf = (database: Database, triggerId: string) =>
  readTriggerState(database, triggerId);

const HOOKS = "https://api.github.com/repos/:owner/:repo/hooks";

/** The provider endpoints the triggers register and remove webhooks with. */
export const providerHandlers = [
  http.post(HOOKS, () =>
    HttpResponse.json(
      { id: HOOK_ID, name: "web", active: true, events: ["push"] },
      { status: 201 },
    ),
  ),
  http.delete(`${HOOKS}/:hookId`, () => new HttpResponse(null, { status: 204 })),
  http.post("https://api.stripe.com/v1/webhook_endpoints", () =>
    HttpResponse.json({ ...STRIPE_ENDPOINT, object: "webhook_endpoint", status: "enabled" }),
  ),
  http.delete("https://api.stripe.com/v1/webhook_endpoints/:id", () =>
    HttpResponse.json({ id: STRIPE_ENDPOINT.id, object: "webhook_endpoint", deleted: true }),
  ),
  http.post("https://slack.com/api/auth.test", () =>
    HttpResponse.json({ ok: true, team_id: SLACK_TEAM, user_id: "W23456789", bot_id: "B1" }),
  ),
];

/** A delivery as the HTTP server would hand it over: JSON body, given headers. */
export function deliveryRequest(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): WebhookRequest {
  return createWebhookRequest({
    url,
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

import { githubPush } from "./test-fixtures/github.mjs";

export { githubPush };

/**
 * A runtime with user-1's GitHub account (a pasted token) and its commit trigger on
 * octocat/Hello-World (the hook registration answered by `providerHandlers`). `signed` makes a
 * delivery to the instance as GitHub signs it (with another key to forge one); `deliver` sends a
 * push of one commit through the ingress.
 */
export async function githubCommitTrigger(
  database: Database,
  overrides: Partial<RuntimeOptions> = {},
) {
  const { runtime, logs } = await createTestRuntime(database, overrides);
  const account = await runtime.connectedAccounts.create({
    userId: "user-1",
    connector: "github",
    credentials: GITHUB_TOKEN,
  });
  const { triggerId } = await runtime.triggers.create("user-1", "GITHUB_COMMIT_EVENT", {
    triggerConfig: { owner: "octocat", repo: "Hello-World" },
  });
  const secret = (await stateOf(database, triggerId)).signingSecret as string;
  const signed = (body: unknown, deliveryId: string, key = secret) => {
    const rawBody = JSON.stringify(body);
    return deliveryRequest(`${PUBLIC_URL}/webhooks/${triggerId}`, rawBody, {
      "x-github-event": "push",
      "x-github-delivery": deliveryId,
      ...signGitHubWebhook({ secret: key, body: rawBody }),
    });
  };
  const deliver = (sha: string, deliveryId: string) =>
    runtime.ingress.receive(triggerId, signed(githubPush(sha), deliveryId));
  return { runtime, logs, account, triggerId, secret, signed, deliver };
}
