import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { expect, it } from "vitest";
import { describeEachDatabase } from "./runtime-test-databases";
import {
  createTestRuntime,
  GITHUB_TOKEN,
  providerHandlers,
  STRIPE_KEY,
} from "./runtime-test-support";

const HOOKS = "https://api.github.com/repos/octocat/Hello-World/hooks";
const config = { owner: "octocat", repo: "Hello-World" };

describeEachDatabase("triggers", (database) => {
  const api = useMockApi(...providerHandlers);

  const setup = async () => {
    const { runtime, logs } = await createTestRuntime(database());
    const connect = (userId: string, connector = "github", credentials: unknown = GITHUB_TOKEN) =>
      runtime.connectedAccounts.create({ userId, connector, credentials });
    return { runtime, logs, connect };
  };

  it("runs the docs' example: inspect the type, then create with the required config", async () => {
    const { runtime, connect } = await setup();
    const userId = "user-id-123435";
    await connect(userId);
    const triggerType = await runtime.triggers.getType("GITHUB_COMMIT_EVENT");
    expect(triggerType.config).toMatchObject({
      properties: { owner: expect.any(Object), repo: expect.any(Object) },
      required: ["owner", "repo"],
    });
    const trigger = await runtime.triggers.create(userId, "GITHUB_COMMIT_EVENT", {
      triggerConfig: { owner: "octocat", repo: "Hello-World" },
    });
    expect(trigger.triggerId).toMatch(/^ti_[0-9a-z]{12}[0-9a-f]{12}$/);
  });

  it("is idempotent: the same account, slug and config give the same triggerId", async () => {
    const { runtime, connect } = await setup();
    await connect("user-1");
    const first = await runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
      triggerConfig: config,
    });
    const again = await runtime.triggers.create("user-1", "github_commit_event", {
      triggerConfig: { repo: "Hello-World", owner: "octocat" },
    });
    expect(again.triggerId).toBe(first.triggerId);
    expect(api.callsTo("POST", HOOKS)).toHaveLength(1);
    const other = await runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
      triggerConfig: { ...config, branch: "main" },
    });
    expect(other.triggerId).not.toBe(first.triggerId);
    const listed = await runtime.triggers.listActive({ userIds: ["user-1"] });
    expect(listed.map((trigger) => trigger.id).sort()).toEqual(
      [first.triggerId, other.triggerId].sort(),
    );
    expect(listed[0]).toMatchObject({
      slug: "GITHUB_NEW_COMMIT",
      toolkit: "github",
      status: "enabled",
    });
    expect(JSON.stringify(listed)).not.toContain(GITHUB_TOKEN);
  });

  it("creates one instance when the same trigger is created twice at once", async () => {
    const { runtime, connect } = await setup();
    await connect("user-1");
    const create = () =>
      runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", { triggerConfig: config });
    const [first, second] = await Promise.all([create(), create()]);
    expect(second.triggerId).toBe(first.triggerId);
    expect(await database().query("SELECT id FROM trigger_instances")).toHaveLength(1);
    // Both registered a hook; the one whose row lost the race removed its own again.
    const registered = api.callsTo("POST", HOOKS).length;
    expect(api.callsTo("DELETE", `${HOOKS}/12345678`)).toHaveLength(registered - 1);
  });

  it("uses the most recently created active account, and warns when there were several", async () => {
    const { runtime, connect, logs } = await setup();
    await connect("user-1");
    const newest = await connect("user-1");
    const revoked = await connect("user-1");
    await runtime.connectedAccounts.updateStatus(revoked.id, "revoked", "token revoked");
    const { triggerId } = await runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
      triggerConfig: config,
    });
    expect((await runtime.triggers.get(triggerId)).connectedAccountId).toBe(newest.id);
    const warning = logs.find((record) => record.level === "warn");
    expect(warning?.message).toMatch(/2 active github accounts.*most recently created/);
    expect(warning?.fields).toMatchObject({ connectedAccountId: newest.id });
  });

  it("pins the connector version the instance was created with", async () => {
    const { runtime, connect } = await setup();
    await connect("user-1");
    const { triggerId } = await runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
      triggerConfig: config,
    });
    const { github } = await import("@triggo/connector-github");
    expect((await runtime.triggers.get(triggerId)).connectorVersion).toBe(github.version);
    await expect(
      runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
        triggerConfig: config,
        version: "9.9.9",
      }),
    ).rejects.toThrow(/Connector "github" version "9.9.9" is not registered; registered: /);
  });

  it("refuses an unknown slug, naming the toolkit's slugs", async () => {
    const { runtime } = await setup();
    await expect(runtime.triggers.create("user-1", "GITHUB_NEW_COMIT")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/No trigger type "GITHUB_NEW_COMIT".*GITHUB_NEW_COMMIT/),
    });
  });

  it("lists every bad config field at once", async () => {
    const { runtime, connect } = await setup();
    await connect("user-1");
    const failure = runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
      triggerConfig: { branch: 7, colour: "red" },
    });
    await expect(failure).rejects.toMatchObject({ code: "VALIDATION" });
    const error = (await failure.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain("Invalid triggerConfig for GITHUB_NEW_COMMIT (4 fields)");
    for (const field of ["owner", "repo", "branch", "colour"]) {
      expect(error.message).toContain(`"${field}"`);
    }
    expect(error.message).toContain("set triggerConfig.owner");
    expect(api.calls).toEqual([]);
  });

  it("refuses an account of another connector, another user's account, and a user with none", async () => {
    const { runtime, connect } = await setup();
    const stripeAccount = await connect("user-1", "stripe", { apiKey: STRIPE_KEY });
    await expect(
      runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
        triggerConfig: config,
        connectedAccountId: stripeAccount.id,
      }),
    ).rejects.toThrow(
      `Connected account ${stripeAccount.id} is a stripe account; GITHUB_NEW_COMMIT needs a github account.`,
    );
    const someoneElse = await connect("user-2");
    await expect(
      runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
        triggerConfig: config,
        connectedAccountId: someoneElse.id,
      }),
    ).rejects.toThrow(/belongs to another user/);
    await expect(
      runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", { triggerConfig: config }),
    ).rejects.toThrow(
      /User "user-1" has no active github account.*connectedAccounts\.create\(\{ userId: "user-1", connector: "github", credentials \}\)/,
    );
  });

  it("leaves nothing behind when the provider refuses the registration, and says why", async () => {
    const { runtime, connect } = await setup();
    await connect("user-1");
    api.use(
      http.post(HOOKS, () =>
        HttpResponse.json(
          { message: "Not Found", documentation_url: "https://docs.github.com" },
          { status: 404 },
        ),
      ),
    );
    await expect(
      runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", { triggerConfig: config }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(
        /Could not enable GITHUB_NEW_COMMIT .* for connected account ca_\w+: .*Not Found/,
      ),
    });
    expect(await database().query("SELECT * FROM trigger_instances")).toEqual([]);
    expect(await database().query("SELECT * FROM trigger_state")).toEqual([]);
  });

  it("enables a polling trigger by recording the present, and schedules its first poll", async () => {
    const { runtime, connect } = await setup();
    await connect("user-1");
    api.use(
      http.get("https://api.github.com/repos/octocat/Hello-World/commits", () =>
        HttpResponse.json([]),
      ),
    );
    const before = Date.now();
    const { triggerId } = await runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT_POLLING", {
      triggerConfig: config,
    });
    expect(api.lastCall()).toMatchObject({
      method: "GET",
      path: "/repos/octocat/Hello-World/commits",
    });
    const [row] = await database().query<{ next_poll_at: Date }>(
      "SELECT next_poll_at FROM trigger_instances WHERE id = $1",
      [triggerId],
    );
    expect(row!.next_poll_at.getTime()).toBeGreaterThan(before);
    const delivery = await runtime.ingress.receive(triggerId, {
      method: "POST",
      url: `https://triggo.test/webhooks/${triggerId}`,
      headers: {},
      query: {},
      rawBody: new Uint8Array(),
      body: undefined,
    });
    expect(delivery).toMatchObject({
      status: 405,
      body: { error: { message: expect.stringMatching(/polling trigger/) } },
    });
  });

  it("refreshes an expired OAuth2 token with the auth config's app, and stores the new tokens encrypted", async () => {
    const { runtime } = await setup();
    const app = await runtime.authConfigs.create({
      connector: "github",
      clientId: "Iv1.client",
      clientSecret: "github-client-secret",
    });
    const account = await runtime.connectedAccounts.create({
      userId: "user-1",
      connector: "github",
      authConfigId: app.id,
      credentials: {
        accessToken: "ghu_expired",
        refreshToken: "ghr_refresh_1",
        expiresAt: Date.now() - 1000,
      },
    });
    api.use(
      http.post("https://github.com/login/oauth/access_token", () =>
        HttpResponse.json({
          access_token: "ghu_fresh_token",
          refresh_token: "ghr_refresh_2",
          expires_in: 28800,
          token_type: "bearer",
        }),
      ),
    );
    await runtime.triggers.create("user-1", "GITHUB_NEW_COMMIT", { triggerConfig: config });
    expect(
      api.callsTo("POST", "https://github.com/login/oauth/access_token")[0]?.body,
    ).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: "ghr_refresh_1",
      client_id: "Iv1.client",
    });
    expect(api.callsTo("POST", HOOKS)[0]?.headers.authorization).toBe("Bearer ghu_fresh_token");
    const [raw] = await database().query<{ credentials: string }>(
      "SELECT credentials FROM connected_accounts WHERE id = $1",
      [account.id],
    );
    expect(raw!.credentials).not.toContain("ghu_fresh_token");
    const { runtime: reopened } = await createTestRuntime(database());
    await reopened.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
      triggerConfig: { ...config, branch: "dev" },
    });
    // The stored token is the refreshed one: no second refresh.
    expect(api.callsTo("POST", "https://github.com/login/oauth/access_token")).toHaveLength(1);
    expect(api.callsTo("POST", HOOKS)[1]?.headers.authorization).toBe("Bearer ghu_fresh_token");
  });

  it("describes trigger types with their config schema, by slug or alias", async () => {
    const { runtime } = await setup();
    const type = await runtime.triggers.getType("GITHUB_COMMIT_EVENT");
    expect(type).toMatchObject({
      slug: "GITHUB_NEW_COMMIT",
      toolkit: "github",
      type: "webhook",
      aliases: ["GITHUB_COMMIT_EVENT"],
      config: { required: ["owner", "repo"] },
    });
    expect(Object.keys(type.config.properties)).toEqual(["owner", "repo", "branch"]);
    expect(type.payload).toMatchObject({ type: "object" });
    const slack = await runtime.triggers.listTypes({ toolkits: ["slack"] });
    expect(slack.map((item) => item.slug)).toEqual([
      "SLACK_NEW_MESSAGE",
      "SLACK_REACTION_ADDED",
      "SLACK_CHANNEL_CREATED",
      "SLACK_NEW_MESSAGE_POLLING",
    ]);
    expect(slack.find((item) => item.slug === "SLACK_NEW_MESSAGE_POLLING")?.type).toBe("polling");
    expect((await runtime.triggers.listTypes()).length).toBeGreaterThan(20);
  });
});
