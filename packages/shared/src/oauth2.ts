/**
 * OAuth2 authorization-code flow (RFC 6749) with PKCE (RFC 7636): the authorization URL, the
 * code exchange and token refresh. Token requests use `fetch` directly (not the HTTP client) so
 * that the client can in turn use these tokens without a cycle.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ConnectorError, type ErrorCode, errorCodeForStatus } from "./errors";
import { createRedactor } from "./redact";

/** Tokens as Triggo keeps them, read from an RFC 6749 section 5.1 response. */
export interface OAuth2Tokens {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in milliseconds since the epoch (from `expires_in`). */
  expiresAt?: number;
  /** The granted scope, as the provider wrote it. */
  scope?: string;
  /** Usually `bearer` (Slack: `bot` or `user`). */
  tokenType?: string;
  /** The whole response body, for provider-specific fields (Slack's `team`, `authed_user`). */
  raw: Record<string, unknown>;
}

/** A PKCE verifier and its S256 challenge. */
export interface PkcePair {
  /** Keep it with the state; send it with the code exchange. */
  codeVerifier: string;
  /** Send it in the authorization URL. */
  codeChallenge: string;
  codeChallengeMethod: "S256";
}

const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** The S256 challenge of a PKCE verifier: `BASE64URL(SHA256(ASCII(verifier)))`. */
export function createPkceChallenge(codeVerifier: string): string {
  if (!VERIFIER_PATTERN.test(codeVerifier)) {
    throw new ConnectorError(
      "CONFIGURATION",
      "A PKCE code verifier must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~",
    );
  }
  return base64Url(createHash("sha256").update(codeVerifier, "ascii").digest());
}

/** A new PKCE pair: a 43-character verifier from 32 random bytes, and its S256 challenge. */
export function createPkcePair(): PkcePair {
  const codeVerifier = base64Url(randomBytes(32));
  return {
    codeVerifier,
    codeChallenge: createPkceChallenge(codeVerifier),
    codeChallengeMethod: "S256",
  };
}

/** A new unguessable `state` value (32 random bytes, base64url) that ties a callback to its login. */
export function createOAuthState(): string {
  return base64Url(randomBytes(32));
}

/**
 * Compares the `state` a callback came back with to the one stored, in constant time. False when
 * the callback has none.
 */
export function oauthStateMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== "string" || expected === "") return false;
  const expectedBytes = Buffer.from(expected, "utf8");
  const receivedBytes = Buffer.from(received, "utf8");
  const sameLength = expectedBytes.byteLength === receivedBytes.byteLength;
  return timingSafeEqual(sameLength ? receivedBytes : expectedBytes, expectedBytes) && sameLength;
}

/** Extra parameters; `undefined` entries are left out. */
export type OAuth2ExtraParams = Readonly<Record<string, string | undefined>>;

/** What `buildAuthorizationUrl` needs. */
export interface AuthorizationUrlInput {
  /** The provider's authorization endpoint; query parameters already on it are kept. */
  authorizationUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  /** Between scopes. Default `" "` (RFC 6749); Slack uses `","`. */
  scopeSeparator?: string;
  /** From `createOAuthState()`; check it with `oauthStateMatches` in the callback. */
  state: string;
  /** From `createPkcePair()`; sent with `code_challenge_method=S256`. */
  codeChallenge?: string;
  /** Provider-specific parameters (`access_type=offline`, `prompt=consent`, `user_scope`...). */
  extraParams?: OAuth2ExtraParams;
}

const AUTHORIZATION_PARAMS = [
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
];

function assertNoReservedParams(
  extraParams: OAuth2ExtraParams | undefined,
  reserved: readonly string[],
): void {
  for (const name of Object.keys(extraParams ?? {})) {
    if (reserved.includes(name)) {
      throw new ConnectorError(
        "CONFIGURATION",
        `extraParams may not set "${name}"; it is set from the named options`,
      );
    }
  }
}

/**
 * The URL to send the user to: `response_type=code` with the client, redirect URI, scopes, state
 * and (when given) the PKCE challenge.
 *
 * @throws ConnectorError `CONFIGURATION` when `extraParams` tries to set one of those parameters.
 */
export function buildAuthorizationUrl(input: AuthorizationUrlInput): string {
  assertNoReservedParams(input.extraParams, AUTHORIZATION_PARAMS);
  const url = new URL(input.authorizationUrl);
  const params = url.searchParams;
  for (const [name, value] of Object.entries(input.extraParams ?? {})) {
    if (value !== undefined) params.set(name, value);
  }
  params.set("response_type", "code");
  params.set("client_id", input.clientId);
  params.set("redirect_uri", input.redirectUri);
  if (input.scopes.length > 0) params.set("scope", input.scopes.join(input.scopeSeparator ?? " "));
  params.set("state", input.state);
  if (input.codeChallenge !== undefined) {
    params.set("code_challenge", input.codeChallenge);
    params.set("code_challenge_method", "S256");
  }
  return url.toString();
}

/** What every token request needs: where, who, and how the client authenticates. */
export interface OAuth2TokenRequestOptions {
  tokenUrl: string;
  clientId: string;
  /** Omit for a public client (PKCE only); then `clientAuthentication` must be `body`. */
  clientSecret?: string;
  /**
   * `basic`: `Authorization: Basic` with the form-encoded id and secret (RFC 6749 section
   * 2.3.1). `body`: `client_id` and `client_secret` in the form.
   */
  clientAuthentication: "body" | "basic";
  /** More form fields for the provider (`audience`, `resource`...). */
  extraParams?: OAuth2ExtraParams;
  /** Default `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /** Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The current time in milliseconds, to turn `expires_in` into `expiresAt`. Default `Date.now`. */
  now?: () => number;
}

/** What `exchangeAuthorizationCode` needs. */
export interface AuthorizationCodeExchangeInput extends OAuth2TokenRequestOptions {
  /** The `code` from the callback. */
  code: string;
  /** The same redirect URI the authorization URL carried. */
  redirectUri: string;
  /** The PKCE verifier whose challenge the authorization URL carried. */
  codeVerifier?: string;
}

/** What `refreshAccessToken` needs. */
export interface RefreshAccessTokenInput extends OAuth2TokenRequestOptions {
  refreshToken: string;
}

const TOKEN_REQUEST_PARAMS = [
  "grant_type",
  "code",
  "redirect_uri",
  "code_verifier",
  "refresh_token",
  "client_id",
  "client_secret",
];

/**
 * Exchanges an authorization code for tokens (`grant_type=authorization_code`).
 *
 * @throws ConnectorError `AUTH_EXPIRED` (`invalid_grant`: the code is used, expired or was
 *   issued to another redirect URI), `AUTH_INVALID` (`invalid_client`, `unauthorized_client`),
 *   `CONFIGURATION`, `RATE_LIMITED`, `UPSTREAM`, `TIMEOUT`, `NETWORK` or `ABORTED`. Messages
 *   never contain the secret, the code, the verifier or a token.
 */
export async function exchangeAuthorizationCode(
  input: AuthorizationCodeExchangeInput,
): Promise<OAuth2Tokens> {
  const fields: Record<string, string> = {
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
  };
  if (input.codeVerifier !== undefined) fields.code_verifier = input.codeVerifier;
  const secrets = [input.code, input.codeVerifier];
  return requestTokens(input, fields, secrets);
}

/**
 * Gets a new access token with a refresh token (`grant_type=refresh_token`). When the provider
 * does not rotate refresh tokens (no `refresh_token` in the answer), the given one is kept.
 *
 * @throws ConnectorError `AUTH_EXPIRED` when the refresh token is revoked or expired
 *   (`invalid_grant`); otherwise as `exchangeAuthorizationCode`.
 */
export async function refreshAccessToken(input: RefreshAccessTokenInput): Promise<OAuth2Tokens> {
  const fields = { grant_type: "refresh_token", refresh_token: input.refreshToken };
  const tokens = await requestTokens(input, fields, [input.refreshToken]);
  return { ...tokens, refreshToken: tokens.refreshToken ?? input.refreshToken };
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** RFC 6749 Appendix B: the form encoding, used on the id and secret before Basic auth. */
function formEncode(value: string): string {
  return new URLSearchParams({ value }).toString().slice("value=".length);
}

async function requestTokens(
  options: OAuth2TokenRequestOptions,
  grantFields: Record<string, string>,
  requestSecrets: ReadonlyArray<string | undefined>,
): Promise<OAuth2Tokens> {
  assertNoReservedParams(options.extraParams, TOKEN_REQUEST_PARAMS);
  const grantType = grantFields.grant_type ?? "";
  const endpoint = describeEndpoint(options.tokenUrl);
  const redactor = createRedactor([options.clientSecret, ...requestSecrets]);
  const failure = (code: ErrorCode, message: string, extra: ErrorExtras = {}) =>
    new ConnectorError(code, redactor.redactText(message), {
      ...extra,
      details: { tokenUrl: endpoint, grantType, ...extra.details },
    });

  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(options.extraParams ?? {})) {
    if (value !== undefined) form.set(name, value);
  }
  for (const [name, value] of Object.entries(grantFields)) form.set(name, value);

  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
  };
  if (options.clientAuthentication === "basic") {
    if (options.clientSecret === undefined) {
      throw failure("CONFIGURATION", 'clientAuthentication "basic" needs a clientSecret');
    }
    const credentials = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    headers.Authorization = `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;
  } else {
    form.set("client_id", options.clientId);
    if (options.clientSecret !== undefined) form.set("client_secret", options.clientSecret);
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeoutSignal]) : timeoutSignal;
  const fetchImplementation = options.fetch ?? globalThis.fetch;

  let status: number;
  let responseHeaders: Headers;
  let text: string;
  try {
    const response = await fetchImplementation(options.tokenUrl, {
      method: "POST",
      headers,
      body: form.toString(),
      signal,
      // A token endpoint that redirects is misconfigured; never resend the credentials.
      redirect: "manual",
    });
    status = response.status;
    responseHeaders = response.headers;
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) {
      throw failure("ABORTED", `OAuth2 token request to ${endpoint} was aborted`, { cause: error });
    }
    if (timeoutSignal.aborted) {
      throw failure(
        "TIMEOUT",
        `OAuth2 token request to ${endpoint} timed out after ${timeoutMs} ms`,
        { cause: error },
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw failure("NETWORK", `OAuth2 token request to ${endpoint} failed: ${reason}`, {
      cause: error,
    });
  }

  const body = parseTokenResponseBody(text, responseHeaders.get("content-type"));
  const retryAfterMs = parseRetryAfter(responseHeaders.get("retry-after"));
  const httpDetails = { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };

  const providerError = body === undefined ? undefined : readProviderError(body);
  if (providerError !== undefined) {
    const { providerCode, description } = providerError;
    throw failure(
      errorCodeForOAuthError(providerCode, status),
      `OAuth2 token request to ${endpoint} was refused: ${providerCode}` +
        (description === undefined ? "" : ` (${truncate(description, 300)})`),
      { ...httpDetails, providerCode },
    );
  }
  if (status < 200 || status >= 300) {
    throw failure(
      errorCodeForStatus(status),
      `OAuth2 token request to ${endpoint} failed with HTTP ${status}`,
      httpDetails,
    );
  }
  if (body === undefined || typeof body.access_token !== "string" || body.access_token === "") {
    throw failure("UPSTREAM", `OAuth2 token response from ${endpoint} has no access_token`, {
      ...httpDetails,
      retryable: false,
    });
  }
  return tokensFromResponse(body, (options.now ?? Date.now)());
}

interface ErrorExtras {
  status?: number;
  retryAfterMs?: number;
  providerCode?: string;
  retryable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

/**
 * Reads a token response body: JSON (the standard), or the form encoding some providers still
 * answer with. `undefined` when it is neither.
 */
function parseTokenResponseBody(
  text: string,
  contentType: string | null,
): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (trimmed.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  const type = contentType?.toLowerCase() ?? "";
  if (type.includes("application/x-www-form-urlencoded") || type.includes("text/plain")) {
    const params = new URLSearchParams(trimmed);
    if (!params.has("access_token") && !params.has("error")) return undefined;
    return Object.fromEntries(params);
  }
  return undefined;
}

/**
 * The error in a token response, whatever the HTTP status (GitHub and Slack answer errors with
 * 200): RFC 6749's `error` string, or an `error` object (`{ type | code, message }`).
 */
function readProviderError(
  body: Record<string, unknown>,
): { providerCode: string; description: string | undefined } | undefined {
  const error = body.error;
  if (error === undefined || error === null || error === false) return undefined;
  if (typeof error === "object") {
    const fields = error as Record<string, unknown>;
    const name = [fields.type, fields.code].find(
      (value) => (typeof value === "string" && value !== "") || typeof value === "number",
    );
    return {
      providerCode: name === undefined ? "unknown_error" : String(name),
      description: typeof fields.message === "string" ? fields.message : undefined,
    };
  }
  return {
    providerCode: typeof error === "string" && error !== "" ? error : "unknown_error",
    description: typeof body.error_description === "string" ? body.error_description : undefined,
  };
}

/** Turns a successful RFC 6749 section 5.1 body into `OAuth2Tokens`. */
function tokensFromResponse(body: Record<string, unknown>, now: number): OAuth2Tokens {
  const tokens: OAuth2Tokens = { accessToken: body.access_token as string, raw: body };
  if (typeof body.refresh_token === "string" && body.refresh_token !== "") {
    tokens.refreshToken = body.refresh_token;
  }
  const expiresIn =
    typeof body.expires_in === "number"
      ? body.expires_in
      : typeof body.expires_in === "string" && body.expires_in.trim() !== ""
        ? Number(body.expires_in)
        : Number.NaN;
  // A lifetime of 0 or less (or none) means "unknown": the token is used until a 401.
  if (Number.isFinite(expiresIn) && expiresIn > 0) tokens.expiresAt = now + expiresIn * 1000;
  if (typeof body.scope === "string") tokens.scope = body.scope;
  if (typeof body.token_type === "string") tokens.tokenType = body.token_type;
  return tokens;
}

/** Fields of a token response that are the tokens themselves or their bookkeeping. */
const TOKEN_RESPONSE_FIELDS = new Set([
  "access_token",
  "refresh_token",
  "id_token",
  "expires_in",
  "scope",
  "token_type",
  "ok",
]);

/**
 * The provider-specific fields of a token response worth keeping with an account (Slack's `team`,
 * `bot_user_id`, `app_id`): everything but the tokens and what `OAuth2Tokens` already holds.
 */
export function tokenResponseExtras(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).filter(([name]) => !TOKEN_RESPONSE_FIELDS.has(name)),
  );
}

/** Provider error codes, standard (RFC 6749 section 5.2) and common non-standard ones. */
const OAUTH_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  invalid_grant: "AUTH_EXPIRED",
  invalid_client: "AUTH_INVALID",
  unauthorized_client: "AUTH_INVALID",
  invalid_request: "CONFIGURATION",
  unsupported_grant_type: "CONFIGURATION",
  invalid_scope: "CONFIGURATION",
  access_denied: "FORBIDDEN",
  temporarily_unavailable: "UPSTREAM",
  server_error: "UPSTREAM",
  slow_down: "RATE_LIMITED",
  // GitHub
  bad_verification_code: "AUTH_EXPIRED",
  bad_refresh_token: "AUTH_EXPIRED",
  incorrect_client_credentials: "AUTH_INVALID",
  redirect_uri_mismatch: "CONFIGURATION",
  // Slack
  invalid_code: "AUTH_EXPIRED",
  code_already_used: "AUTH_EXPIRED",
  invalid_refresh_token: "AUTH_EXPIRED",
  invalid_client_id: "AUTH_INVALID",
  bad_client_secret: "AUTH_INVALID",
  bad_redirect_uri: "CONFIGURATION",
  ratelimited: "RATE_LIMITED",
};

function errorCodeForOAuthError(providerCode: string, status: number): ErrorCode {
  const known = OAUTH_ERROR_CODES[providerCode];
  if (known !== undefined) return known;
  if (status === 401) return "AUTH_INVALID";
  if (status >= 200 && status < 300) return "UNKNOWN";
  return errorCodeForStatus(status);
}

/** The endpoint as it may appear in messages: origin and path, never the query. */
function describeEndpoint(tokenUrl: string): string {
  try {
    const url = new URL(tokenUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    throw new ConnectorError("CONFIGURATION", "tokenUrl is not a valid URL");
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}...`;
}
