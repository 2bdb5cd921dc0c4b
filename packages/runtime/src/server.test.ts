import { createLogger, type LogRecord, signGitHubWebhook, signSlackWebhook } from "@triggo/shared";
import { useMockApi } from "@triggo/testing";
import { http, passthrough } from "msw";
import { afterEach, expect, it } from "vitest";
import type { RuntimeEvent } from "./event-bus";
import { describeEachDatabase } from "./runtime-test-databases";
import {
  createTestRuntime,
  GITHUB_TOKEN,
  githubPush,
  HOOK_ID,
  PUBLIC_URL,
  providerHandlers,
  SLACK_SIGNING_SECRET,
  stateOf,
} from "./runtime-test-support";
import { createRuntimeServer } from "./server";

const API_KEY = "trg_test_key_0123456789abcdef";
const SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const config = { owner: "octocat", repo: "Hello-World" };

describeEachDatabase("runtime HTTP server", (database) => {
  // msw sees every request of this process: the ones to our own loopback server go through.
  const api = useMockApi(
    http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
    ...providerHandlers,
  );
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function start(options: { maxBodyBytes?: number } = {}) {
    const { runtime, logs } = await createTestRuntime(database());
    const serverLogs: LogRecord[] = [];
    const server = createRuntimeServer(runtime, {
      apiKeys: ["another-key-that-is-not-used", API_KEY],
      publicUrl: PUBLIC_URL,
      logger: createLogger({ level: "debug", sink: (record) => serverLogs.push(record) }),
      ...options,
    });
    const { url } = await server.listen(0, "127.0.0.1");
    closers.push(() => server.close());
    const call = async (
      method: string,
      path: string,
      init: { body?: unknown; headers?: Record<string, string>; key?: string | null } = {},
    ) => {
      const headers: Record<string, string> = { ...init.headers };
      if (init.key !== null) headers.authorization = `Bearer ${init.key ?? API_KEY}`;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: text ? (JSON.parse(text) as any) : undefined,
      };
    };
    return { runtime, logs, serverLogs, url, call };
  }

  async function githubTriggerOverHttp(call: Awaited<ReturnType<typeof start>>["call"]) {
    const account = await call("POST", "/api/connected-accounts", {
      body: { userId: "user-1", connector: "github", credentials: GITHUB_TOKEN },
    });
    expect(account.status).toBe(201);
    const created = await call("POST", "/api/triggers", {
      body: { userId: "user-1", slug: "GITHUB_COMMIT_EVENT", triggerConfig: config },
    });
    expect(created.status).toBe(201);
    const triggerId = created.json.triggerId as string;
    const secret = (await stateOf(database(), triggerId)).signingSecret as string;
    return { accountId: account.json.id as string, triggerId, secret, account };
  }

  function githubDelivery(secret: string, deliveryId: string, sha = SHA) {
    const body = JSON.stringify(githubPush(sha));
    return {
      body,
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": deliveryId,
        ...signGitHubWebhook({ secret, body }),
      },
    };
  }

  it("refuses the management API without a valid API key", async () => {
    const { call, serverLogs } = await start();
    const missing = await call("GET", "/api/triggers", { key: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(missing.json).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const wrong = await call("GET", "/api/triggers", { key: `${API_KEY}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toMatch(/not valid/);
    const basic = await call("GET", "/api/triggers", {
      key: null,
      headers: { authorization: `Basic ${API_KEY}` },
    });
    expect(basic.status).toBe(401);
    expect((await call("GET", "/api/triggers")).status).toBe(200);
    // Health needs no key, and says nothing more than that it is up.
    const health = await call("GET", "/api/health", { key: null });
    expect(health).toMatchObject({ status: 200, json: { status: "ok" } });
    expect(JSON.stringify(serverLogs)).not.toContain(API_KEY);
  });

  it("creates a GitHub trigger over HTTP and takes a signed push at /webhooks/:triggerId", async () => {
    const { call, runtime, url, serverLogs } = await start();
    const { triggerId, secret, account, accountId } = await githubTriggerOverHttp(call);
    // The account never carries its credentials.
    expect(account.json).toMatchObject({ userId: "user-1", connector: "github", status: "active" });
    expect(account.text).not.toContain(GITHUB_TOKEN);
    const [registration] = api.callsTo(
      "POST",
      "https://api.github.com/repos/octocat/Hello-World/hooks",
    );
    expect(registration?.body).toMatchObject({
      config: { url: `${PUBLIC_URL}/webhooks/${triggerId}`, secret },
    });
    expect(await stateOf(database(), triggerId)).toMatchObject({ hookId: HOOK_ID });

    // The same create again is idempotent.
    const again = await call("POST", "/api/triggers", {
      body: { userId: "user-1", slug: "GITHUB_NEW_COMMIT", triggerConfig: config },
    });
    expect(again.json).toEqual({ triggerId });

    const received: RuntimeEvent[] = [];
    runtime.subscribe((event) => void received.push(event), { triggerIds: [triggerId] });
    const delivery = githubDelivery(secret, "delivery-1");
    const response = await fetch(`${url}/webhooks/${triggerId}`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, events: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      triggerId,
      userId: "user-1",
      connectedAccountId: accountId,
      eventId: SHA,
      deliveryId: "delivery-1",
      payload: { branch: "main", commit: { id: SHA } },
    });
    const redelivered = await fetch(`${url}/webhooks/${triggerId}`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(await redelivered.json()).toMatchObject({ events: 0, duplicate: true });
    expect(received).toHaveLength(1);

    // Listing, reading, disabling, enabling, updating and deleting over HTTP.
    const listed = await call("GET", "/api/triggers?userId=user-1&slug=GITHUB_NEW_COMMIT");
    expect(listed.json.items.map((item: { id: string }) => item.id)).toEqual([triggerId]);
    expect((await call("GET", "/api/triggers?userId=someone-else")).json.items).toEqual([]);
    expect((await call("GET", `/api/triggers/${triggerId}`)).json).toMatchObject({
      id: triggerId,
      status: "enabled",
    });
    const disabled = await call("POST", `/api/triggers/${triggerId}/disable`);
    expect(disabled).toMatchObject({ status: 200, json: { trigger: { status: "disabled" } } });
    const gone = await fetch(`${url}/webhooks/${triggerId}`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(gone.status).toBe(410);
    const enabled = await call("POST", `/api/triggers/${triggerId}/enable`);
    expect(enabled).toMatchObject({ status: 200, json: { status: "enabled" } });
    const updated = await call("PATCH", `/api/triggers/${triggerId}`, {
      body: { triggerConfig: { ...config, branch: "main" } },
    });
    expect(updated).toMatchObject({
      status: 200,
      json: { triggerConfig: { ...config, branch: "main" } },
    });
    const accounts = await call("GET", "/api/connected-accounts?userId=user-1");
    expect(accounts.json.items.map((item: { id: string }) => item.id)).toEqual([accountId]);
    expect(accounts.text).not.toContain(GITHUB_TOKEN);
    const deleted = await call("DELETE", `/api/connected-accounts/${accountId}`);
    expect(deleted).toMatchObject({
      status: 200,
      json: { id: accountId, deleted: true, triggers: [{ triggerId, deleted: true }] },
    });
    expect((await call("GET", `/api/triggers/${triggerId}`)).status).toBe(404);
    expect(JSON.stringify(serverLogs)).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(serverLogs)).not.toContain(secret);
  });

  it("answers GitHub's ping with the runtime's handshake answer, an empty 200", async () => {
    const { call, url } = await start();
    const { triggerId, secret } = await githubTriggerOverHttp(call);
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: HOOK_ID });
    const response = await fetch(`${url}/webhooks/${triggerId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "delivery-ping",
        ...signGitHubWebhook({ secret, body }),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(await database().query("SELECT * FROM events")).toEqual([]);
  });

  it("refuses a forged push with 401 and stores nothing", async () => {
    const { call, url } = await start();
    const { triggerId } = await githubTriggerOverHttp(call);
    const forged = githubDelivery("not-the-secret", "delivery-f");
    const response = await fetch(`${url}/webhooks/${triggerId}`, {
      method: "POST",
      headers: forged.headers,
      body: forged.body,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "SIGNATURE_INVALID" } });
    expect(await database().query("SELECT * FROM events")).toEqual([]);
    expect(await database().query("SELECT * FROM webhook_deliveries")).toEqual([]);
  });

  it("refuses an oversized delivery with 413 and stores nothing", async () => {
    const { call, url } = await start({ maxBodyBytes: 4096 });
    const { triggerId, secret } = await githubTriggerOverHttp(call);
    const push = githubPush(SHA);
    push.commits[0]!.message = "x".repeat(10_000);
    const body = JSON.stringify(push);
    const response = await fetch(`${url}/webhooks/${triggerId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": "delivery-big",
        ...signGitHubWebhook({ secret, body }),
      },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", maxBytes: 4096 },
    });
    expect(await database().query("SELECT * FROM events")).toEqual([]);
    expect(await database().query("SELECT * FROM webhook_deliveries")).toEqual([]);
  });

  it("answers Slack's url_verification at /webhooks/apps/slack with the challenge", async () => {
    const { runtime, url } = await start();
    await runtime.authConfigs.create({
      connector: "slack",
      appConfig: { signingSecret: SLACK_SIGNING_SECRET },
    });
    const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
    const body = JSON.stringify({ token: "x", challenge, type: "url_verification" });
    const response = await fetch(`${url}/webhooks/apps/slack`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signSlackWebhook({ secret: SLACK_SIGNING_SECRET, body }),
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge });

    const forged = await fetch(`${url}/webhooks/apps/slack`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signSlackWebhook({ secret: "wrong-secret", body }),
      },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it("answers bad JSON, unknown fields, unknown routes and wrong methods clearly", async () => {
    const { call, url } = await start();
    const badJson = await call("POST", "/api/triggers", { body: '{"userId": "u", ' });
    expect(badJson.status).toBe(400);
    expect(badJson.json.error.message).toMatch(/not valid JSON/);
    const notObject = await call("POST", "/api/triggers", { body: "[1,2]" });
    expect(notObject).toMatchObject({ status: 400, json: { error: { code: "BAD_REQUEST" } } });
    expect(notObject.json.error.message).toMatch(/array/);
    const invalid = await call("POST", "/api/triggers", {
      body: { slug: "GITHUB_NEW_COMMIT", triggerConfig: "nope", extra: 1 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.code).toBe("VALIDATION");
    expect(invalid.json.error.issues.map((issue: { prop: string }) => issue.prop).sort()).toEqual([
      "extra",
      "triggerConfig",
      "userId",
    ]);
    await call("POST", "/api/connected-accounts", {
      body: { userId: "user-1", connector: "github", credentials: GITHUB_TOKEN },
    });
    const badConfig = await call("POST", "/api/triggers", {
      body: { userId: "user-1", slug: "GITHUB_NEW_COMMIT", triggerConfig: { owner: "o" } },
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.json.error.issues.length).toBeGreaterThan(0);
    const noAccount = await call("POST", "/api/triggers", {
      body: { userId: "nobody", slug: "GITHUB_NEW_COMMIT", triggerConfig: config },
    });
    expect(noAccount).toMatchObject({ status: 404, json: { error: { code: "NOT_FOUND" } } });
    expect(noAccount.json.error.message).toMatch(/connect one/);

    expect((await call("GET", "/api/trigger-types/NOPE_NOTHING")).status).toBe(404);
    const types = await call("GET", "/api/trigger-types?toolkits=github,stripe");
    const toolkits = new Set(types.json.items.map((type: { toolkit: string }) => type.toolkit));
    expect([...toolkits].sort()).toEqual(["github", "stripe"]);
    const type = await call("GET", "/api/trigger-types/GITHUB_COMMIT_EVENT");
    expect(type.json).toMatchObject({
      slug: "GITHUB_NEW_COMMIT",
      config: { required: ["owner", "repo"] },
    });

    expect((await call("GET", "/api/nothing-here")).status).toBe(404);
    expect((await call("GET", "/elsewhere")).status).toBe(404);
    expect((await call("DELETE", "/api/triggers/ti_missing")).status).toBe(404);
    const wrongMethod = await call("PUT", "/api/triggers");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
    const getWebhook = await fetch(`${url}/webhooks/ti_x`);
    expect(getWebhook.status).toBe(405);
    expect(getWebhook.headers.get("allow")).toBe("POST");
    const unknownTrigger = await fetch(`${url}/webhooks/ti_missing`, {
      method: "POST",
      body: "{}",
    });
    expect(unknownTrigger.status).toBe(404);
    expect((await fetch(`${url}/webhooks/a/b/c/d`, { method: "POST" })).status).toBe(404);
    const textBody = await call("POST", "/api/triggers", {
      body: "userId=u",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(textBody.status).toBe(415);
  });
});
