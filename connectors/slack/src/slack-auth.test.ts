import { http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { methodUrl, slackError, slackHandlers, TEST_TOKEN } from "./mocks";
import { slackAuth } from "./slack-auth";
import { slack } from "./slack-connector";

const authTestUrl = methodUrl("auth.test");

describe("the Slack auth", () => {
  const api = useMockApi(...slackHandlers);

  it("uses Slack's v2 OAuth with comma-separated bot scopes, or a pasted bot token", () => {
    expect(slackAuth).toMatchObject({
      type: "OAUTH2",
      authorizationUrl: "https://slack.com/oauth/v2/authorize",
      tokenUrl: "https://slack.com/api/oauth.v2.access",
      scopeSeparator: ",",
      manualToken: { displayName: "Bot token", env: "SLACK_BOT_TOKEN" },
    });
    expect(slackAuth.scopes).toEqual(
      expect.arrayContaining([
        "chat:write",
        "chat:write.customize",
        "channels:read",
        "users:read.email",
        "files:write",
      ]),
    );
  });

  it("is checked with auth.test, the token in the Authorization header", async () => {
    await expect(slack.init({ auth: TEST_TOKEN }).validateAuth()).resolves.toBeUndefined();
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: authTestUrl });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("takes OAuth2 credentials as well as a pasted token", async () => {
    await slack
      .init({ auth: { accessToken: "xoxb-oauth-token", scope: "chat:write" } })
      .validateAuth();
    expect(api.lastCall().headers.authorization).toBe("Bearer xoxb-oauth-token");
  });

  it("is refused with AUTH_INVALID on invalid_auth, and AUTH_EXPIRED on token_expired", async () => {
    api.use(http.post(authTestUrl, () => slackError("invalid_auth"), { once: true }));
    await expect(slack.init({ auth: TEST_TOKEN }).validateAuth()).rejects.toMatchObject({
      code: "AUTH_INVALID",
      providerCode: "invalid_auth",
    });
    api.use(http.post(authTestUrl, () => slackError("token_expired")));
    await expect(slack.init({ auth: TEST_TOKEN }).validateAuth()).rejects.toMatchObject({
      code: "AUTH_EXPIRED",
    });
  });

  it("refreshes a rotating token through oauth.v2.access before it expires", async () => {
    const tokenUrl = "https://slack.com/api/oauth.v2.access";
    api.use(
      http.post(tokenUrl, () =>
        Response.json({
          ok: true,
          access_token: "xoxe.xoxb-1-fresh",
          token_type: "bot",
          scope: "chat:write",
          refresh_token: "xoxe-1-next",
          expires_in: 43200,
        }),
      ),
    );
    const client = slack.init({
      auth: {
        accessToken: "xoxe.xoxb-1-old",
        refreshToken: "xoxe-1-refresh",
        expiresAt: Date.now() - 1000,
      },
      oauth2: { clientId: "123.456", clientSecret: "client-secret" },
    });
    await client.validateAuth();
    const refresh = api.callsTo("POST", tokenUrl)[0];
    expect(refresh?.body).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: "xoxe-1-refresh",
    });
    expect(api.lastCall().headers.authorization).toBe("Bearer xoxe.xoxb-1-fresh");
  });

  it("is read from SLACK_BOT_TOKEN when init is given none", async () => {
    process.env.SLACK_BOT_TOKEN = "xoxb-from-the-environment";
    try {
      await slack.init().validateAuth();
    } finally {
      delete process.env.SLACK_BOT_TOKEN;
    }
    expect(api.lastCall().headers.authorization).toBe("Bearer xoxb-from-the-environment");
  });
});
