import { createHash } from "node:crypto";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ConnectorError } from "./errors";
import {
  buildAuthorizationUrl,
  createOAuthState,
  createPkceChallenge,
  createPkcePair,
  exchangeAuthorizationCode,
  oauthStateMatches,
  refreshAccessToken,
  tokenResponseExtras,
} from "./oauth2";

const TOKEN_URL = "https://auth.example.com/oauth/token";
const CLIENT_ID = "client-123";
const CLIENT_SECRET = "cs_live_s3cr+t/value=";
const CODE = "auth-code-abcdef123456";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const REDIRECT_URI = "https://app.triggo.dev/oauth/callback";
const NOW = 1_700_000_000_000;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface CapturedRequest {
  method: string;
  url: string;
  contentType: string | null;
  accept: string | null;
  authorization: string | null;
  form: Record<string, string>;
}

/** Answers the token endpoint with `answer` and records every request it receives. */
function tokenEndpoint(answer: () => Response | Promise<Response>): CapturedRequest[] {
  const captured: CapturedRequest[] = [];
  server.use(
    http.all(TOKEN_URL, async ({ request }) => {
      captured.push({
        method: request.method,
        url: request.url,
        contentType: request.headers.get("content-type"),
        accept: request.headers.get("accept"),
        authorization: request.headers.get("authorization"),
        form: Object.fromEntries(new URLSearchParams(await request.text())),
      });
      return answer();
    }),
  );
  return captured;
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error("expected a rejection");
}

const exchangeInput = {
  tokenUrl: TOKEN_URL,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  code: CODE,
  redirectUri: REDIRECT_URI,
  codeVerifier: VERIFIER,
  now: () => NOW,
};

describe("PKCE and state", () => {
  it("reproduces the RFC 7636 Appendix B example", () => {
    // RFC 7636, Appendix B "Example for the S256 code_challenge_method".
    expect(createPkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("creates fresh S256 pairs with a 43-character verifier", () => {
    const pair = createPkcePair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallengeMethod).toBe("S256");
    expect(pair.codeChallenge).toBe(
      createHash("sha256").update(pair.codeVerifier).digest("base64url"),
    );
    expect(createPkcePair().codeVerifier).not.toBe(pair.codeVerifier);
  });

  it("refuses verifiers RFC 7636 does not allow", () => {
    for (const verifier of ["short", "a".repeat(129), `${"a".repeat(43)}+`]) {
      expect(() => createPkceChallenge(verifier)).toThrow(
        expect.objectContaining({ code: "CONFIGURATION" }),
      );
    }
  });

  it("creates unguessable states and compares them exactly", () => {
    const state = createOAuthState();
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createOAuthState()).not.toBe(state);
    expect(oauthStateMatches(state, state)).toBe(true);
    expect(oauthStateMatches(state, `${state}x`)).toBe(false);
    expect(oauthStateMatches(state, state.slice(1))).toBe(false);
    expect(oauthStateMatches(state, null)).toBe(false);
    expect(oauthStateMatches("", "")).toBe(false);
  });
});

describe("buildAuthorizationUrl", () => {
  it("sets every RFC 6749 parameter and the PKCE challenge", () => {
    const url = new URL(
      buildAuthorizationUrl({
        authorizationUrl: "https://github.com/login/oauth/authorize",
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI,
        scopes: ["repo", "read:user"],
        state: "state-1",
        codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://github.com/login/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: "repo read:user",
      state: "state-1",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
  });

  it("joins scopes with the separator given (Slack: comma) and keeps the URL's own query", () => {
    const url = new URL(
      buildAuthorizationUrl({
        authorizationUrl: "https://slack.com/oauth/v2/authorize?team=T123",
        clientId: CLIENT_ID,
        redirectUri: REDIRECT_URI,
        scopes: ["chat:write", "channels:read"],
        scopeSeparator: ",",
        state: "s",
        extraParams: { user_scope: "search:read", unused: undefined },
      }),
    );
    expect(url.searchParams.get("scope")).toBe("chat:write,channels:read");
    expect(url.searchParams.get("team")).toBe("T123");
    expect(url.searchParams.get("user_scope")).toBe("search:read");
    expect(url.searchParams.has("unused")).toBe(false);
    expect(url.searchParams.has("code_challenge")).toBe(false);
  });

  it("leaves scope out when there is none and refuses extraParams that clash", () => {
    const base = {
      authorizationUrl: "https://auth.example.com/authorize",
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      scopes: [],
      state: "s",
    };
    expect(new URL(buildAuthorizationUrl(base)).searchParams.has("scope")).toBe(false);
    expect(() => buildAuthorizationUrl({ ...base, extraParams: { state: "forged" } })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION" }),
    );
  });
});

describe("exchangeAuthorizationCode", () => {
  it("posts the form with client_secret_basic (RFC 6749 2.3.1 encoding) and reads the tokens", async () => {
    const requests = tokenEndpoint(() =>
      HttpResponse.json({
        access_token: "at-1",
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: "rt-1",
        scope: "repo read:user",
        team: { id: "T1" },
      }),
    );
    const tokens = await exchangeAuthorizationCode({
      ...exchangeInput,
      clientAuthentication: "basic",
    });

    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe(TOKEN_URL);
    expect(request.contentType).toBe("application/x-www-form-urlencoded");
    expect(request.accept).toBe("application/json");
    // "+", "/" and "=" are form-encoded before the Basic encoding.
    const encodedSecret = "cs_live_s3cr%2Bt%2Fvalue%3D";
    expect(request.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${encodedSecret}`).toString("base64")}`,
    );
    expect(request.form).toEqual({
      grant_type: "authorization_code",
      code: CODE,
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
    });
    expect(tokens).toEqual({
      accessToken: "at-1",
      refreshToken: "rt-1",
      expiresAt: NOW + 3_600_000,
      scope: "repo read:user",
      tokenType: "Bearer",
      raw: {
        access_token: "at-1",
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: "rt-1",
        scope: "repo read:user",
        team: { id: "T1" },
      },
    });
  });

  it("puts the client credentials in the body when asked, with extra params", async () => {
    const requests = tokenEndpoint(() =>
      HttpResponse.json({ access_token: "at-1", token_type: "bearer" }),
    );
    const tokens = await exchangeAuthorizationCode({
      ...exchangeInput,
      codeVerifier: undefined,
      clientAuthentication: "body",
      extraParams: { audience: "api://default" },
    });
    expect(requests[0]!.authorization).toBeNull();
    expect(requests[0]!.form).toEqual({
      grant_type: "authorization_code",
      code: CODE,
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      audience: "api://default",
    });
    expect(tokens).toEqual({
      accessToken: "at-1",
      tokenType: "bearer",
      raw: { access_token: "at-1", token_type: "bearer" },
    });
  });

  it("supports a public client (PKCE, no secret)", async () => {
    const requests = tokenEndpoint(() => HttpResponse.json({ access_token: "at-1" }));
    await exchangeAuthorizationCode({
      ...exchangeInput,
      clientSecret: undefined,
      clientAuthentication: "body",
    });
    expect(requests[0]!.form).toEqual({
      grant_type: "authorization_code",
      code: CODE,
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
      client_id: CLIENT_ID,
    });
    const error = await rejection(
      exchangeAuthorizationCode({
        ...exchangeInput,
        clientSecret: undefined,
        clientAuthentication: "basic",
      }),
    );
    expect(error.code).toBe("CONFIGURATION");
    expect(requests).toHaveLength(1);
  });

  it("reads expires_in given as a string and a form-encoded answer", async () => {
    tokenEndpoint(
      () =>
        new HttpResponse("access_token=at-form&scope=repo&token_type=bearer&expires_in=60", {
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
    );
    const tokens = await exchangeAuthorizationCode({
      ...exchangeInput,
      clientAuthentication: "body",
    });
    expect(tokens).toMatchObject({
      accessToken: "at-form",
      scope: "repo",
      tokenType: "bearer",
      expiresAt: NOW + 60_000,
    });
  });

  it("maps invalid_grant to AUTH_EXPIRED, not retryable", async () => {
    tokenEndpoint(() =>
      HttpResponse.json(
        { error: "invalid_grant", error_description: "The code has expired" },
        { status: 400 },
      ),
    );
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "body" }),
    );
    expect(error.code).toBe("AUTH_EXPIRED");
    expect(error.retryable).toBe(false);
    expect(error.providerCode).toBe("invalid_grant");
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      `OAuth2 token request to ${TOKEN_URL} was refused: invalid_grant (The code has expired)`,
    );
  });

  it("treats an error in a 200 answer as an error (GitHub)", async () => {
    tokenEndpoint(() =>
      HttpResponse.json({
        error: "bad_verification_code",
        error_description: "The code passed is incorrect or expired.",
        error_uri:
          "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code",
      }),
    );
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "body" }),
    );
    expect(error.code).toBe("AUTH_EXPIRED");
    expect(error.providerCode).toBe("bad_verification_code");
  });

  it.each([
    ["invalid_client", 401, "AUTH_INVALID"],
    ["unauthorized_client", 400, "AUTH_INVALID"],
    ["incorrect_client_credentials", 200, "AUTH_INVALID"],
    ["invalid_scope", 400, "CONFIGURATION"],
    ["temporarily_unavailable", 503, "UPSTREAM"],
    ["something_new", 400, "VALIDATION"],
    ["something_new", 200, "UNKNOWN"],
  ])("maps %s (HTTP %i) to %s", async (providerError, status, code) => {
    tokenEndpoint(() => HttpResponse.json({ error: providerError }, { status }));
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "basic" }),
    );
    expect(error.code).toBe(code);
    expect(error.providerCode).toBe(providerError);
  });

  it("maps Slack's ok:false answers", async () => {
    tokenEndpoint(() => HttpResponse.json({ ok: false, error: "invalid_code" }));
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "body" }),
    );
    expect(error.code).toBe("AUTH_EXPIRED");
  });

  it("reports 5xx as retryable UPSTREAM with Retry-After", async () => {
    tokenEndpoint(
      () =>
        new HttpResponse("<html>Bad gateway</html>", {
          status: 503,
          headers: { "Content-Type": "text/html", "Retry-After": "7" },
        }),
    );
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "body" }),
    );
    expect(error.code).toBe("UPSTREAM");
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.message).toBe(`OAuth2 token request to ${TOKEN_URL} failed with HTTP 503`);
  });

  it("reports a network failure as retryable NETWORK", async () => {
    tokenEndpoint(() => HttpResponse.error());
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "body" }),
    );
    expect(error.code).toBe("NETWORK");
    expect(error.retryable).toBe(true);
  });

  it("times out and honours the caller's abort signal", async () => {
    tokenEndpoint(async () => {
      await delay("infinite");
      return HttpResponse.json({});
    });
    const timedOut = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "body", timeoutMs: 50 }),
    );
    expect(timedOut.code).toBe("TIMEOUT");
    expect(timedOut.retryable).toBe(true);

    const controller = new AbortController();
    const pending = exchangeAuthorizationCode({
      ...exchangeInput,
      clientAuthentication: "body",
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    expect((await rejection(pending)).code).toBe("ABORTED");
  });

  it("refuses a success without access_token", async () => {
    tokenEndpoint(() => HttpResponse.json({ token_type: "bearer" }));
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "body" }),
    );
    expect(error.code).toBe("UPSTREAM");
    expect(error.retryable).toBe(false);
  });

  it("never puts the secret, the code, the verifier or tokens in errors, even when echoed", async () => {
    tokenEndpoint(() =>
      HttpResponse.json(
        {
          error: "invalid_grant",
          error_description: `code ${CODE} with verifier ${VERIFIER} for ${CLIENT_SECRET} is invalid`,
        },
        { status: 400 },
      ),
    );
    const error = await rejection(
      exchangeAuthorizationCode({ ...exchangeInput, clientAuthentication: "basic" }),
    );
    const text = `${error.message} ${JSON.stringify(error.toJSON())}`;
    for (const secret of [CODE, VERIFIER, CLIENT_SECRET]) expect(text).not.toContain(secret);
    expect(error.message).toContain("[REDACTED]");
  });

  it("uses the fetch given instead of the global one", async () => {
    const fetchSpy = vi.fn(async () => Response.json({ access_token: "from-spy" }));
    const tokens = await exchangeAuthorizationCode({
      ...exchangeInput,
      clientAuthentication: "body",
      fetch: fetchSpy,
    });
    expect(tokens.accessToken).toBe("from-spy");
    expect(fetchSpy).toHaveBeenCalledOnce();
  });

  it("refuses extraParams that would override the grant", async () => {
    const error = await rejection(
      exchangeAuthorizationCode({
        ...exchangeInput,
        clientAuthentication: "body",
        extraParams: { grant_type: "password" },
      }),
    );
    expect(error.code).toBe("CONFIGURATION");
  });
});

describe("refreshAccessToken", () => {
  const refreshInput = {
    tokenUrl: TOKEN_URL,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    refreshToken: "rt-old-0123456789",
    now: () => NOW,
  };

  it("posts grant_type=refresh_token and keeps a rotated refresh token", async () => {
    const requests = tokenEndpoint(() =>
      HttpResponse.json({ access_token: "at-2", refresh_token: "rt-new", expires_in: 7200 }),
    );
    const tokens = await refreshAccessToken({ ...refreshInput, clientAuthentication: "body" });
    expect(requests[0]!.form).toEqual({
      grant_type: "refresh_token",
      refresh_token: "rt-old-0123456789",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(tokens).toMatchObject({
      accessToken: "at-2",
      refreshToken: "rt-new",
      expiresAt: NOW + 7_200_000,
    });
  });

  it("keeps the old refresh token when the provider does not rotate it", async () => {
    tokenEndpoint(() => HttpResponse.json({ access_token: "at-2", expires_in: 7200 }));
    const tokens = await refreshAccessToken({ ...refreshInput, clientAuthentication: "basic" });
    expect(tokens.refreshToken).toBe("rt-old-0123456789");
  });

  it("maps a revoked refresh token to AUTH_EXPIRED without leaking it", async () => {
    tokenEndpoint(() =>
      HttpResponse.json(
        { error: "invalid_grant", error_description: "Token rt-old-0123456789 has been revoked" },
        { status: 400 },
      ),
    );
    const error = await rejection(
      refreshAccessToken({ ...refreshInput, clientAuthentication: "body" }),
    );
    expect(error.code).toBe("AUTH_EXPIRED");
    expect(error.retryable).toBe(false);
    expect(`${error.message} ${JSON.stringify(error.toJSON())}`).not.toContain("rt-old-0123456789");
    expect(error.details).toEqual({ tokenUrl: TOKEN_URL, grantType: "refresh_token" });
  });
});

describe("tokenResponseExtras", () => {
  it("keeps the provider's own fields and drops the tokens and their bookkeeping", () => {
    expect(
      tokenResponseExtras({
        ok: true,
        access_token: "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        refresh_token: "xoxe-1-abc",
        id_token: "eyJ",
        expires_in: 43200,
        scope: "chat:write",
        token_type: "bot",
        bot_user_id: "U0KRQLJ9H",
        team: { name: "Slack Softball Team", id: "T9TK3CUKW" },
      }),
    ).toEqual({ bot_user_id: "U0KRQLJ9H", team: { name: "Slack Softball Team", id: "T9TK3CUKW" } });
  });
});
