// Test support (not exported): a runtime over the test database, mock provider APIs, deliveries.
import { github } from "@triggo/connector-github";
import { createWebhookRequest, type WebhookRequest } from "@triggo/connector-sdk";
import { slack } from "@triggo/connector-slack";
import { stripe } from "@triggo/connector-stripe";
import { typeform } from "@triggo/connector-typeform";
import { createLogger, type LogRecord } from "@triggo/shared";
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

export { githubPush } from "./test-fixtures/github.mjs";
