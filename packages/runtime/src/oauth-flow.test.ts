import { github } from "@triggo/connector-github";
import type { ConnectorClient } from "@triggo/connector-sdk";
import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { passthrough } from "msw";
import { afterEach, expect, it } from "vitest";
import { createPostgresDatabase } from "./database-postgres";
import type { LifecycleEvent } from "./event-bus";
import { RUNTIME_INTERNALS } from "./runtime-internals";
import { describeEachDatabase, postgresUrl } from "./runtime-test-databases";
import { createTestRuntime, PUBLIC_URL } from "./runtime-test-support";
import { createRuntimeServer } from "./server";

const API_KEY = "trg_test_oauth_key_0123456789";
const GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token";
const SLACK_TOKEN_URL = "https://slack.com/api/oauth.v2.access";
const CLIENT = {
  clientId: "Iv1.8a61f9b3a7aba766",
  clientSecret: "gh-client-secret-0123456789abcdef",
};
const APP_URL = "https://app.example.com/connected";

describeEachDatabase("OAuth2 connection flow", (database) => {
  const tokenRequests: URLSearchParams[] = [];
  const api = useMockApi(
    http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
    http.post(GITHUB_TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      tokenRequests.push(form);
      if (form.get("grant_type") === "authorization_code" && form.get("code") === "good-code") {
        return HttpResponse.json({
          access_token: "ghu_access_first_0123456789",
          refresh_token: "ghr_refresh_first_0123456789",
          expires_in: 28_800,
          refresh_token_expires_in: 15_724_800,
          scope: "",
          token_type: "bearer",
        });
      }
      // GitHub answers a bad code with 200 and an error field.
      return HttpResponse.json({
        error: "bad_verification_code",
        error_description: "The code passed is incorrect or expired.",
      });
    }),
  );
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    tokenRequests.length = 0;
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function start() {
    const { runtime, logs } = await createTestRuntime(database());
    const server = createRuntimeServer(runtime, { apiKeys: [API_KEY], publicUrl: PUBLIC_URL });
    const { url } = await server.listen(0, "127.0.0.1");
    closers.push(() => server.close());
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    /** What the provider's redirect does: the browser GETs the callback with its parameters. */
    const callback = (params: Record<string, string>) =>
      fetch(`${url}/oauth/callback?${new URLSearchParams(params)}`, { redirect: "manual" });
    return { runtime, logs, url, post, callback };
  }

  it("connects a GitHub account: start, the provider's redirect, the callback, the account", async () => {
    const { runtime, post, callback, logs } = await start();
    const config = await runtime.authConfigs.create({ connector: "github", ...CLIENT });

    const started = await post("/api/connected-accounts/oauth", {
      userId: "user-1",
      connector: "github",
      callbackUrl: APP_URL,
    });
    expect(started.status).toBe(201);
    const authorize = new URL(started.body.redirectUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      "https://github.com/login/oauth/authorize",
    );
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: CLIENT.clientId,
      redirect_uri: `${PUBLIC_URL}/oauth/callback`,
      scope: "repo read:user",
    });
    const state = authorize.searchParams.get("state")!;
    expect(state.length).toBeGreaterThanOrEqual(32);

    const answer = await callback({ code: "good-code", state });
    expect(answer.status).toBe(303);
    const next = new URL(answer.headers.get("location")!);
    expect(`${next.origin}${next.pathname}`).toBe(APP_URL);
    expect(next.searchParams.get("status")).toBe("success");
    const accountId = next.searchParams.get("connectedAccountId")!;

    // The code went to GitHub's token endpoint with the app's credentials and the same redirect.
    expect(tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(tokenRequests[0]!)).toEqual({
      grant_type: "authorization_code",
      code: "good-code",
      redirect_uri: `${PUBLIC_URL}/oauth/callback`,
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
    });
    const account = await runtime.connectedAccounts.get(accountId);
    expect(account).toMatchObject({
      userId: "user-1",
      connector: "github",
      authConfigId: config.id,
      status: "active",
    });
    const internals = runtime[RUNTIME_INTERNALS]!;
    const stored = internals.accounts.credentials(await internals.accounts.row(accountId));
    expect(stored).toMatchObject({
      accessToken: "ghu_access_first_0123456789",
      refreshToken: "ghr_refresh_first_0123456789",
      expiresAt: expect.any(Number),
      data: { refresh_token_expires_in: 15_724_800 },
    });
    expect(
      JSON.stringify(await runtime.connectedAccounts.list({ userId: "user-1" })),
    ).not.toContain("ghu_access_first");
    expect(JSON.stringify(logs)).not.toContain("good-code");

    // A state works once: the same redirect replayed connects nothing more.
    const replay = await callback({ code: "good-code", state });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("unknown or was already used");
    expect(tokenRequests).toHaveLength(1);
    expect(await runtime.connectedAccounts.list({ userId: "user-1" })).toHaveLength(1);
  });

  it("sends the user back with the failure when the user declines or the code is refused", async () => {
    const { runtime, post, callback } = await start();
    await runtime.authConfigs.create({ connector: "github", ...CLIENT });
    const stateOf = async () => {
      const { body } = await post("/api/connected-accounts/oauth", {
        userId: "user-2",
        connector: "github",
        callbackUrl: APP_URL,
      });
      return new URL(body.redirectUrl).searchParams.get("state")!;
    };

    const declined = await callback({
      error: "access_denied",
      error_description: "The user has denied your application access.",
      state: await stateOf(),
    });
    expect(declined.status).toBe(303);
    const declinedNext = new URL(declined.headers.get("location")!);
    expect(Object.fromEntries(declinedNext.searchParams)).toMatchObject({
      status: "failed",
      error: "FORBIDDEN",
    });
    expect(declinedNext.searchParams.get("message")).toContain("access_denied");
    expect(tokenRequests).toHaveLength(0);

    const refused = await callback({ code: "stale-code", state: await stateOf() });
    const refusedNext = new URL(refused.headers.get("location")!);
    expect(refusedNext.searchParams.get("status")).toBe("failed");
    expect(refusedNext.searchParams.get("message")).toContain("bad_verification_code");
    expect(refusedNext.toString()).not.toContain("stale-code");
    expect(await runtime.connectedAccounts.list({ userId: "user-2" })).toEqual([]);

    // Without a state the callback cannot tell whose it is: a page, nothing stored.
    const forged = await callback({ code: "good-code" });
    expect(forged.status).toBe(400);
    expect(forged.headers.get("content-type")).toContain("text/html");
    expect(await forged.text()).toContain("has no state");
  });

  it("keeps Slack's token fields, joins its scopes with commas, and reads its ok:false errors", async () => {
    const { runtime } = await start();
    api.use(
      http.post(SLACK_TOKEN_URL, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        if (form.get("code") !== "slack-code") {
          return HttpResponse.json({ ok: false, error: "invalid_code" });
        }
        return HttpResponse.json({
          ok: true,
          access_token: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
          token_type: "bot",
          scope: "chat:write,channels:read",
          bot_user_id: "U0KRQLJ9H",
          app_id: "A0KRD7HC3",
          team: { name: "Slack Softball Team", id: "T9TK3CUKW" },
          enterprise: null,
          is_enterprise_install: false,
        });
      }),
    );
    await runtime.authConfigs.create({
      connector: "slack",
      clientId: "3336676.569200954261",
      clientSecret: "slack-client-secret-0123456789",
    });
    const started = await runtime.connectedAccounts.initiate({
      userId: "user-3",
      connector: "slack",
    });
    const authorize = new URL(started.redirectUrl);
    expect(authorize.origin + authorize.pathname).toBe("https://slack.com/oauth/v2/authorize");
    expect(authorize.searchParams.get("scope")).toMatch(/^[a-z:.]+(,[a-z:.]+)+$/);

    const bad = await runtime.connectedAccounts.completeOAuth({
      state: authorize.searchParams.get("state"),
      code: "other-code",
    });
    expect(bad).toMatchObject({ status: "failed", error: { providerCode: "invalid_code" } });

    const again = await runtime.connectedAccounts.initiate({
      userId: "user-3",
      connector: "slack",
    });
    const done = await runtime.connectedAccounts.completeOAuth({
      state: new URL(again.redirectUrl).searchParams.get("state"),
      code: "slack-code",
    });
    expect(done.status).toBe("success");
    const internals = runtime[RUNTIME_INTERNALS]!;
    const id = done.status === "success" ? done.connectedAccount.id : "";
    expect(internals.accounts.credentials(await internals.accounts.row(id))).toMatchObject({
      accessToken: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
      tokenType: "bot",
      data: { team: { id: "T9TK3CUKW" }, bot_user_id: "U0KRQLJ9H", app_id: "A0KRD7HC3" },
    });
  });

  it("says what to do when there is no OAuth app, or the connector does not use OAuth2", async () => {
    const { runtime, post } = await start();
    const missing = await post("/api/connected-accounts/oauth", {
      userId: "user-4",
      connector: "github",
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("VALIDATION");
    expect(missing.body.error.message).toContain("clientId, clientSecret");
    expect(missing.body.error.message).toContain(`${PUBLIC_URL}/oauth/callback`);

    await expect(
      runtime.connectedAccounts.initiate({ userId: "user-4", connector: "stripe" }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("OAuth2") });

    await runtime.authConfigs.create({ connector: "github", ...CLIENT });
    const badCallback = await post("/api/connected-accounts/oauth", {
      userId: "user-4",
      connector: "github",
      callbackUrl: "javascript:alert(1)",
    });
    expect(badCallback.status).toBe(400);
    expect(badCallback.body.error.issues).toEqual([
      { prop: "callbackUrl", message: expect.stringContaining("absolute http(s) URL") },
    ]);
  });

  it("refreshes an expiring token once for concurrent calls, and marks the account expired when the refresh token is refused", async () => {
    const { runtime } = await start();
    const config = await runtime.authConfigs.create({ connector: "github", ...CLIENT });
    const account = await runtime.connectedAccounts.create({
      userId: "user-5",
      connector: "github",
      authConfigId: config.id,
      credentials: {
        accessToken: "ghu_old_access_0123456789",
        refreshToken: "ghr_old_refresh_0123456789",
        expiresAt: Date.now() - 1_000,
      },
    });
    const refreshes: string[] = [];
    let refuse = false;
    api.use(
      http.post(GITHUB_TOKEN_URL, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        refreshes.push(form.get("refresh_token")!);
        if (refuse) {
          return HttpResponse.json({
            error: "bad_refresh_token",
            error_description: "The refresh token passed is incorrect or expired.",
          });
        }
        return HttpResponse.json({
          access_token: "ghu_new_access_0123456789",
          refresh_token: "ghr_new_refresh_0123456789",
          expires_in: 28_800,
          token_type: "bearer",
        });
      }),
      http.get("https://api.github.com/repos/octocat/Hello-World/issues/1", ({ request }) =>
        request.headers.get("authorization") === "Bearer ghu_new_access_0123456789"
          ? HttpResponse.json({ number: 1, title: "Found a bug", state: "open" })
          : HttpResponse.json({ message: "Bad credentials" }, { status: 401 }),
      ),
    );
    const internals = runtime[RUNTIME_INTERNALS]!;
    const clientFor = async () =>
      (await internals.clients.forAccount(
        github,
        await internals.accounts.row(account.id),
      )) as ConnectorClient;
    const props = { owner: "octocat", repo: "Hello-World", issue_number: 1 };
    const [first, second] = await Promise.all([clientFor(), clientFor()]);
    await Promise.all([
      first.actions.get_issue!(props),
      second.actions.get_issue!(props),
      first.actions.get_issue!(props),
    ]);
    expect(refreshes).toEqual(["ghr_old_refresh_0123456789"]);
    expect(internals.accounts.credentials(await internals.accounts.row(account.id))).toMatchObject({
      accessToken: "ghu_new_access_0123456789",
      refreshToken: "ghr_new_refresh_0123456789",
    });

    // The new refresh token is later refused: the account expires, once, and the application is told.
    const lifecycle: LifecycleEvent[] = [];
    runtime.subscribeLifecycle((event) => void lifecycle.push(event));
    await internals.accounts.saveCredentials(account.id, {
      accessToken: "ghu_new_access_0123456789",
      refreshToken: "ghr_new_refresh_0123456789",
      expiresAt: Date.now() - 1_000,
    });
    refuse = true;
    const endpoint = await runtime.deliveries.createEndpoint({
      url: "https://app.example.com/hooks",
    });
    await expect((await clientFor()).actions.get_issue!(props)).rejects.toMatchObject({
      code: "AUTH_EXPIRED",
    });
    expect(await runtime.connectedAccounts.get(account.id)).toMatchObject({
      status: "expired",
      statusReason: expect.stringContaining("bad_refresh_token"),
    });
    expect(lifecycle).toEqual([
      expect.objectContaining({
        type: "account.expired",
        connectedAccountId: account.id,
        userId: "user-5",
        toolkit: "github",
        code: "AUTH_EXPIRED",
      }),
    ]);
    const queued = await database().query<{ endpoint_id: string; type: string }>(
      `SELECT d.endpoint_id, l.type FROM deliveries d
       JOIN lifecycle_events l ON l.id = d.lifecycle_event_id`,
    );
    expect(queued).toEqual([{ endpoint_id: endpoint.endpointId, type: "account.expired" }]);
  });

  it("reconnects an expired account in place: same id, new tokens, active, its triggers kept", async () => {
    const { runtime, post, callback } = await start();
    const config = await runtime.authConfigs.create({ connector: "github", ...CLIENT });
    const account = await runtime.connectedAccounts.create({
      userId: "user-7",
      connector: "github",
      authConfigId: config.id,
      credentials: { accessToken: "ghu_dead_0123456789", refreshToken: "ghr_dead_0123456789" },
    });
    await runtime.connectedAccounts.updateStatus(account.id, "expired", "refresh token refused");

    const someoneElse = await post("/api/connected-accounts/oauth", {
      userId: "user-8",
      connector: "github",
      connectedAccountId: account.id,
    });
    expect(someoneElse.status).toBe(400);
    expect(someoneElse.body.error.issues[0].prop).toBe("connectedAccountId");

    const started = await post("/api/connected-accounts/oauth", {
      userId: "user-7",
      connector: "github",
      connectedAccountId: account.id,
      callbackUrl: APP_URL,
    });
    expect(started.status).toBe(201);
    const state = new URL(started.body.redirectUrl).searchParams.get("state")!;
    const answer = await callback({ code: "good-code", state });
    const next = new URL(answer.headers.get("location")!);
    expect(next.searchParams.get("connectedAccountId")).toBe(account.id);
    expect(await runtime.connectedAccounts.get(account.id)).toMatchObject({
      status: "active",
      statusReason: undefined,
    });
    expect(await runtime.connectedAccounts.list({ userId: "user-7" })).toHaveLength(1);
    const internals = runtime[RUNTIME_INTERNALS]!;
    expect(internals.accounts.credentials(await internals.accounts.row(account.id))).toMatchObject({
      accessToken: "ghu_access_first_0123456789",
    });
  });

  it("refreshes a rotating token once for two processes on one Postgres", async (context) => {
    if (database().kind !== "postgres") context.skip();
    const [{ schema } = { schema: "" }] = await database().query<{ schema: string }>(
      "SELECT current_schema() AS schema",
    );
    const second = await createPostgresDatabase({ connectionString: postgresUrl, schema });
    closers.push(() => second.close());
    const { runtime } = await start();
    const { runtime: other } = await createTestRuntime(second);
    const config = await runtime.authConfigs.create({ connector: "github", ...CLIENT });
    const account = await runtime.connectedAccounts.create({
      userId: "user-9",
      connector: "github",
      authConfigId: config.id,
      credentials: {
        accessToken: "ghu_r0_0123456789",
        refreshToken: "ghr_r0_0123456789",
        expiresAt: Date.now() - 1_000,
      },
    });
    // GitHub rotates refresh tokens: each works once.
    let current = 0;
    const refreshes: string[] = [];
    api.use(
      http.post(GITHUB_TOKEN_URL, async ({ request }) => {
        const used = new URLSearchParams(await request.text()).get("refresh_token")!;
        refreshes.push(used);
        if (used !== `ghr_r${current}_0123456789`) {
          return HttpResponse.json({ error: "bad_refresh_token" });
        }
        current += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return HttpResponse.json({
          access_token: `ghu_r${current}_0123456789`,
          refresh_token: `ghr_r${current}_0123456789`,
          expires_in: 28_800,
        });
      }),
      http.get("https://api.github.com/repos/octocat/Hello-World/issues/1", ({ request }) =>
        request.headers.get("authorization") === "Bearer ghu_r1_0123456789"
          ? HttpResponse.json({ number: 1, title: "Found a bug", state: "open" })
          : HttpResponse.json({ message: "Bad credentials" }, { status: 401 }),
      ),
    );
    const props = { owner: "octocat", repo: "Hello-World", issue_number: 1 };
    const clientOf = async (of: typeof runtime) => {
      const internals = of[RUNTIME_INTERNALS]!;
      return (await internals.clients.forAccount(
        github,
        await internals.accounts.row(account.id),
      )) as ConnectorClient;
    };
    const [here, there] = await Promise.all([clientOf(runtime), clientOf(other)]);
    await Promise.all([here.actions.get_issue!(props), there.actions.get_issue!(props)]);
    expect(refreshes).toEqual(["ghr_r0_0123456789"]);
    expect(await runtime.connectedAccounts.get(account.id)).toMatchObject({ status: "active" });
  });

  it("does not expire an account that another process refreshed meanwhile", async () => {
    const { runtime } = await start();
    const config = await runtime.authConfigs.create({ connector: "github", ...CLIENT });
    const account = await runtime.connectedAccounts.create({
      userId: "user-6",
      connector: "github",
      authConfigId: config.id,
      credentials: {
        accessToken: "ghu_a_0123456789",
        refreshToken: "ghr_a_0123456789",
        expiresAt: Date.now() - 1_000,
      },
    });
    const internals = runtime[RUNTIME_INTERNALS]!;
    const client = (await internals.clients.forAccount(
      github,
      await internals.accounts.row(account.id),
    )) as ConnectorClient;
    api.use(
      http.post(GITHUB_TOKEN_URL, async () => {
        // The other process rotated the token first: ours is now refused.
        await internals.accounts.saveCredentials(account.id, {
          accessToken: "ghu_b_0123456789",
          refreshToken: "ghr_b_0123456789",
          expiresAt: Date.now() + 3_600_000,
        });
        return HttpResponse.json({ error: "bad_refresh_token" });
      }),
    );
    await expect(
      client.actions.get_issue!({ owner: "octocat", repo: "Hello-World", issue_number: 1 }),
    ).rejects.toMatchObject({ code: "AUTH_EXPIRED" });
    expect(await runtime.connectedAccounts.get(account.id)).toMatchObject({ status: "active" });
  });
});
