import { expect, it } from "vitest";
import { describeEachDatabase } from "./runtime-test-databases";
import { createTestRuntime, GITHUB_TOKEN, STRIPE_KEY } from "./runtime-test-support";

describeEachDatabase("connected accounts and auth configs", (database) => {
  it("stores credentials encrypted, lists accounts without them, and reads them back with the key", async () => {
    const { runtime, logs } = await createTestRuntime(database());
    const account = await runtime.connectedAccounts.create({
      userId: "user-1",
      connector: "stripe",
      credentials: { apiKey: STRIPE_KEY },
    });
    const [raw] = await database().query<{ credentials: string }>(
      "SELECT credentials FROM connected_accounts WHERE id = $1",
      [account.id],
    );
    expect(raw?.credentials).toMatch(/^v1\./);
    expect(raw?.credentials).not.toContain(STRIPE_KEY);
    expect(raw?.credentials).not.toContain(Buffer.from(STRIPE_KEY).toString("base64"));

    const listed = await runtime.connectedAccounts.list({ userId: "user-1" });
    expect(listed).toEqual([
      expect.objectContaining({ id: account.id, connector: "stripe", status: "active" }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(STRIPE_KEY);
    expect(Object.keys(listed[0]!)).not.toContain("credentials");
    expect(JSON.stringify(logs)).not.toContain(STRIPE_KEY);
    expect(await runtime.connectedAccounts.list({ connector: "github" })).toEqual([]);
  });

  it("checks credentials against the connector's auth, naming what is wrong", async () => {
    const { runtime } = await createTestRuntime(database());
    const create = (connector: string, credentials: unknown) =>
      runtime.connectedAccounts.create({ userId: "user-1", connector, credentials });
    await expect(create("typeform", { token: "x" })).rejects.toThrow(
      /Credentials for typeform must be the Personal access token as a non-empty string; got an object/,
    );
    await expect(create("stripe", { apiKey: 42, region: "eu" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/"region" is not a prop.*\n.*"apiKey" \(.*\) must be text/s),
    });
    await expect(create("github", { refreshToken: "r" })).rejects.toThrow(
      /must be OAuth2 tokens \{ accessToken, refreshToken\?, expiresAt\? \}, or the Personal access token as a string; got an object without an accessToken/,
    );
    await expect(create("gitlab", "x")).rejects.toThrow(
      /No connector "gitlab".*registered: github, slack, stripe, typeform/,
    );
    const oauth = await create("github", {
      accessToken: "gho_oauth_token_value",
      refreshToken: "ghr_refresh",
    });
    expect(oauth.status).toBe("active");
  });

  it("refuses to open credentials with another key, clearly", async () => {
    const { runtime } = await createTestRuntime(database());
    const account = await runtime.connectedAccounts.create({
      userId: "user-1",
      connector: "github",
      credentials: GITHUB_TOKEN,
    });
    const { runtime: rekeyed } = await createTestRuntime(database(), {
      encryptionKey: Buffer.alloc(32, 9).toString("base64"),
    });
    await expect(
      rekeyed.triggers.create("user-1", "GITHUB_NEW_COMMIT", {
        triggerConfig: { owner: "octocat", repo: "Hello-World" },
      }),
    ).rejects.toThrow(
      new RegExp(
        `The secrets of ${account.id} were encrypted with another key .*TRIGGO_ENCRYPTION_KEY`,
      ),
    );
  });

  it("updates status and credentials, and deletes an account with its triggers", async () => {
    const { runtime } = await createTestRuntime(database());
    const account = await runtime.connectedAccounts.create({
      userId: "user-1",
      connector: "typeform",
      credentials: "tfp_old_token_value",
    });
    const expired = await runtime.connectedAccounts.updateStatus(
      account.id,
      "expired",
      "token expired",
    );
    expect(expired).toMatchObject({ status: "expired", statusReason: "token expired" });
    const active = await runtime.connectedAccounts.updateCredentials(
      account.id,
      "tfp_new_token_value",
    );
    expect(active).toMatchObject({ status: "active", statusReason: undefined });
    await expect(
      runtime.connectedAccounts.updateStatus(account.id, "gone" as never),
    ).rejects.toThrow(/status must be one of active, expired, revoked/);
    expect(await runtime.connectedAccounts.delete(account.id)).toEqual({
      id: account.id,
      deleted: true,
      triggers: [],
    });
    await expect(runtime.connectedAccounts.get(account.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("keeps an auth config's client secret and app settings encrypted and out of listings", async () => {
    const { runtime } = await createTestRuntime(database());
    const config = await runtime.authConfigs.create({
      connector: "slack",
      clientId: "123.456",
      clientSecret: "slack-client-secret-value",
      redirectUrl: "https://app.example.com/callback",
      appConfig: { signingSecret: "slack-signing-secret-value" },
    });
    expect(config).toMatchObject({
      connector: "slack",
      hasClientCredentials: true,
      appConfigKeys: ["signingSecret"],
      redirectUrl: "https://app.example.com/callback",
    });
    expect(config.scopes).toContain("chat:write");
    const raw = JSON.stringify(await database().query("SELECT * FROM auth_configs"));
    expect(raw).not.toContain("slack-client-secret-value");
    expect(raw).not.toContain("slack-signing-secret-value");
    expect(JSON.stringify(await runtime.authConfigs.list())).not.toContain("secret-value");
    await expect(
      runtime.authConfigs.create({ connector: "typeform", clientId: "a", clientSecret: "b" }),
    ).rejects.toThrow(/typeform does not use OAuth2/);
    await expect(
      runtime.authConfigs.create({ connector: "github", appConfig: { signingSecret: "x" } }),
    ).rejects.toThrow(/unknown app settings signingSecret; github takes none/);

    await runtime.connectedAccounts.create({
      userId: "user-1",
      connector: "slack",
      credentials: "xoxb-a-token",
      authConfigId: config.id,
    });
    await expect(runtime.authConfigs.delete(config.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      runtime.connectedAccounts.create({
        userId: "user-1",
        connector: "github",
        credentials: GITHUB_TOKEN,
        authConfigId: config.id,
      }),
    ).rejects.toThrow(`Auth config ${config.id} is for slack, not github.`);
  });
});
