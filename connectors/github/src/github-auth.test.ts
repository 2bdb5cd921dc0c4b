import { http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { github } from "./github-connector";
import { gitHubError, githubHandlers, TEST_TOKEN } from "./mocks";

const userUrl = "https://api.github.com/user";

describe("the GitHub account", () => {
  const api = useMockApi(...githubHandlers);

  it("is an OAuth2 connection with GitHub's endpoints, or a pasted personal access token", () => {
    expect(github.auth).toMatchObject({
      type: "OAUTH2",
      authorizationUrl: "https://github.com/login/oauth/authorize",
      tokenUrl: "https://github.com/login/oauth/access_token",
      scopes: ["repo", "read:user"],
      manualToken: { displayName: "Personal access token", env: "GITHUB_TOKEN" },
    });
  });

  it("is checked with GET /user, sending the token as a bearer token", async () => {
    await expect(github.init({ auth: TEST_TOKEN }).validateAuth()).resolves.toBeUndefined();
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: userUrl });
    expect(call.headers).toMatchObject({
      authorization: `Bearer ${TEST_TOKEN}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2026-03-10",
    });
  });

  it("is refused with AUTH_INVALID on 401 Bad credentials, without repeating the token", async () => {
    api.use(http.get(userUrl, () => gitHubError(401, "Bad credentials")));
    const failure = github.init({ auth: TEST_TOKEN }).validateAuth();
    await expect(failure).rejects.toMatchObject({ code: "AUTH_INVALID", status: 401 });
    await expect(failure).rejects.not.toThrow(TEST_TOKEN);
  });

  it("takes OAuth2 tokens, and refreshes an expired GitHub App user token first", async () => {
    const tokenUrl = "https://github.com/login/oauth/access_token";
    api.use(
      http.post(tokenUrl, () =>
        Response.json({
          access_token: "ghu_refreshed",
          expires_in: 28800,
          refresh_token: "ghr_next",
          refresh_token_expires_in: 15811200,
          token_type: "bearer",
          scope: "",
        }),
      ),
    );
    const client = github.init({
      auth: { accessToken: "ghu_expired", refreshToken: "ghr_first", expiresAt: Date.now() - 1000 },
      oauth2: { clientId: "Iv1.client", clientSecret: "client-secret" },
    });
    await client.validateAuth();
    const refresh = api.callsTo("POST", tokenUrl)[0];
    expect(refresh?.body).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: "ghr_first",
      client_id: "Iv1.client",
    });
    expect(api.callsTo("GET", userUrl)[0]?.headers.authorization).toBe("Bearer ghu_refreshed");
  });

  it("is read from GITHUB_TOKEN when init is given none", async () => {
    process.env.GITHUB_TOKEN = "ghp_from-the-environment";
    try {
      await github.init().validateAuth();
    } finally {
      delete process.env.GITHUB_TOKEN;
    }
    expect(api.lastCall().headers.authorization).toBe("Bearer ghp_from-the-environment");
  });
});
