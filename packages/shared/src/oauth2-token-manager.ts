/**
 * Keeps one connection's OAuth2 tokens fresh: refreshes ahead of expiry, one refresh at a time
 * however many requests wait, keeps rotated refresh tokens, and hands new tokens to the caller
 * to persist. Plugs into the HTTP client as its `AuthProvider`.
 */
import { ConnectorError } from "./errors";
import type { AuthProvider, HttpAuth } from "./http-types";
import type { OAuth2Tokens } from "./oauth2";

/** What `createOAuth2TokenManager` needs. */
export interface OAuth2TokenManagerOptions {
  /** The tokens as last stored. */
  tokens: OAuth2Tokens;
  /**
   * Gets new tokens with a refresh token, usually
   * `(refreshToken) => refreshAccessToken({ ...client, refreshToken })`.
   */
  refresh: (refreshToken: string) => Promise<OAuth2Tokens>;
  /**
   * Refresh this long before `expiresAt`. Default 60 s. For tokens that live less than twice
   * this, half their lifetime is used instead, so that a fresh token is never already due.
   */
  refreshAheadMs?: number;
  /**
   * Receives every new set of tokens, to persist them (a rotated refresh token is lost if it is
   * not stored). Awaited before any waiting request goes on; if it throws, those requests fail
   * with its error, the new tokens stay in use, and the next `get()` calls it again.
   */
  onTokens: (tokens: OAuth2Tokens) => void | Promise<void>;
  /** The current time in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** An `AuthProvider` backed by OAuth2 tokens. */
export interface OAuth2TokenManager extends AuthProvider {
  /** A bearer credential, refreshed first when the token expires within the refresh window. */
  get(): Promise<HttpAuth>;
  /**
   * Forces a refresh after a 401 (joining one already under way). Resolves true once fresh
   * tokens are in place, false when there is no refresh token. A failed refresh rejects with
   * its error (`AUTH_EXPIRED` when the refresh token was refused, `NETWORK`...).
   */
  onUnauthorized(): Promise<boolean>;
  /** The current access and refresh tokens, for redaction. */
  secrets(): string[];
  /** A copy of the tokens in use. */
  tokens(): OAuth2Tokens;
  /** Refreshes now (joining one already under way) and returns the new tokens. */
  refresh(): Promise<OAuth2Tokens>;
}

const DEFAULT_REFRESH_AHEAD_MS = 60_000;

/**
 * Creates a token manager for one connection.
 *
 * @throws ConnectorError `CONFIGURATION` when the tokens have no access token or
 *   `refreshAheadMs` is negative.
 */
export function createOAuth2TokenManager(options: OAuth2TokenManagerOptions): OAuth2TokenManager {
  const now = options.now ?? Date.now;
  const refreshAheadMs = options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
  if (!Number.isFinite(refreshAheadMs) || refreshAheadMs < 0) {
    throw new ConnectorError("CONFIGURATION", "refreshAheadMs must be 0 or more milliseconds");
  }
  if (typeof options.tokens?.accessToken !== "string" || options.tokens.accessToken === "") {
    throw new ConnectorError("CONFIGURATION", "OAuth2 tokens need an access token");
  }

  let current: OAuth2Tokens = { ...options.tokens };
  /** How long the current access token was issued for, when we saw it issued. */
  let lifetimeMs: number | undefined;
  /** The refresh (or the retry of a failed `onTokens`) under way; shared by every caller. */
  let inFlight: { kind: "refresh" | "persist"; promise: Promise<OAuth2Tokens> } | undefined;
  /** True when `onTokens` failed for the current tokens and must be called again. */
  let unpersisted = false;

  const refreshWindowMs = (): number =>
    lifetimeMs === undefined ? refreshAheadMs : Math.min(refreshAheadMs, lifetimeMs / 2);

  const persist = async (tokens: OAuth2Tokens): Promise<OAuth2Tokens> => {
    unpersisted = true;
    await options.onTokens({ ...tokens });
    unpersisted = false;
    return tokens;
  };

  /** Starts `work` unless something is already in flight; every caller shares the one promise. */
  const singleFlight = (
    kind: "refresh" | "persist",
    work: () => Promise<OAuth2Tokens>,
  ): Promise<OAuth2Tokens> => {
    if (inFlight !== undefined) return inFlight.promise;
    const flight = { kind, promise: work() };
    inFlight = flight;
    const clear = () => {
      if (inFlight === flight) inFlight = undefined;
    };
    flight.promise.then(clear, clear);
    return flight.promise;
  };

  const refreshNow = (): Promise<OAuth2Tokens> =>
    singleFlight("refresh", async () => {
      const refreshToken = current.refreshToken;
      if (refreshToken === undefined || refreshToken === "") {
        throw new ConnectorError(
          "AUTH_EXPIRED",
          "The OAuth2 access token cannot be refreshed: there is no refresh token. Reconnect the account.",
        );
      }
      const issuedAt = now();
      const fresh = await options.refresh(refreshToken);
      if (typeof fresh?.accessToken !== "string" || fresh.accessToken === "") {
        throw new ConnectorError("UPSTREAM", "The OAuth2 refresh returned no access token", {
          retryable: false,
        });
      }
      // Providers that do not rotate refresh tokens leave them out; the old one stays valid.
      const next: OAuth2Tokens = { ...fresh, refreshToken: fresh.refreshToken || refreshToken };
      // RFC 6749 section 5.1: no scope in the answer means the scope did not change.
      const scope = fresh.scope ?? current.scope;
      if (scope !== undefined) next.scope = scope;
      // Take the new tokens at once: with rotation the old refresh token is now spent.
      current = next;
      lifetimeMs =
        next.expiresAt === undefined ? undefined : Math.max(0, next.expiresAt - issuedAt);
      return persist(next);
    });

  const bearer = (tokens: OAuth2Tokens): HttpAuth => ({
    type: "bearer",
    token: tokens.accessToken,
  });

  return {
    async get() {
      if (inFlight !== undefined) return bearer(await inFlight.promise);
      if (unpersisted) return bearer(await singleFlight("persist", () => persist(current)));
      const expiresAt = current.expiresAt;
      if (expiresAt === undefined || now() < expiresAt - refreshWindowMs()) return bearer(current);
      const hasRefreshToken = current.refreshToken !== undefined && current.refreshToken !== "";
      if (!hasRefreshToken) {
        if (now() < expiresAt) return bearer(current);
        throw new ConnectorError(
          "AUTH_EXPIRED",
          "The OAuth2 access token has expired and there is no refresh token. Reconnect the account.",
        );
      }
      return bearer(await refreshNow());
    },

    async onUnauthorized() {
      // A retry of `onTokens` does not give a new token: wait for it, then refresh.
      if (inFlight?.kind === "persist") await inFlight.promise;
      if (inFlight === undefined && !current.refreshToken) return false;
      await refreshNow();
      return true;
    },

    secrets() {
      return [current.accessToken, current.refreshToken].filter(
        (value): value is string => typeof value === "string" && value !== "",
      );
    },

    tokens() {
      return { ...current };
    },

    refresh() {
      return refreshNow();
    },
  };
}
