import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ConnectorError } from "./errors";
import { type OAuth2Tokens, refreshAccessToken } from "./oauth2";
import { createOAuth2TokenManager } from "./oauth2-token-manager";

const TOKEN_URL = "https://auth.example.com/oauth/token";
const START = 1_700_000_000_000;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A clock the test moves by hand. */
function manualClock(start = START) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/**
 * A token endpoint that hands out `at-1`, `at-2`... and, when `rotate`, `rt-1`, `rt-2`...;
 * records the refresh token each request carried.
 */
function rotatingTokenEndpoint(options: { rotate: boolean; expiresIn?: number }) {
  const received: string[] = [];
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      received.push(form.get("refresh_token") ?? "");
      // Let every concurrent caller pile up behind the one request.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const count = received.length;
      return HttpResponse.json({
        access_token: `at-${count}`,
        token_type: "bearer",
        expires_in: options.expiresIn ?? 3600,
        ...(options.rotate ? { refresh_token: `rt-${count}` } : {}),
      });
    }),
  );
  return received;
}

function refreshWith(clock: { now: () => number }) {
  return (refreshToken: string) =>
    refreshAccessToken({
      tokenUrl: TOKEN_URL,
      clientId: "client",
      clientSecret: "client-secret",
      clientAuthentication: "body",
      refreshToken,
      now: clock.now,
    });
}

const expired = (clock: { now: () => number }): OAuth2Tokens => ({
  accessToken: "at-0",
  refreshToken: "rt-0",
  expiresAt: clock.now() - 1,
  raw: {},
});

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error("expected a rejection");
}

describe("createOAuth2TokenManager", () => {
  it("returns the current token while it is outside the refresh window", async () => {
    const refresh = vi.fn();
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", refreshToken: "rt-0", expiresAt: START + 61_000, raw: {} },
      refresh,
      onTokens: () => {},
      now: () => START,
    });
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-0" });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("refreshes 60 s ahead of expiry by default", async () => {
    const clock = manualClock();
    const received = rotatingTokenEndpoint({ rotate: false });
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", refreshToken: "rt-0", expiresAt: START + 60_000, raw: {} },
      refresh: refreshWith(clock),
      onTokens: () => {},
      now: clock.now,
    });
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-1" });
    expect(received).toEqual(["rt-0"]);
  });

  it("sends one token request for 20 concurrent callers, and all get its token", async () => {
    const clock = manualClock();
    const received = rotatingTokenEndpoint({ rotate: true });
    const onTokens = vi.fn();
    const manager = createOAuth2TokenManager({
      tokens: expired(clock),
      refresh: refreshWith(clock),
      onTokens,
      now: clock.now,
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => manager.get()));
    expect(received).toEqual(["rt-0"]);
    expect(new Set(results.map((auth) => JSON.stringify(auth)))).toEqual(
      new Set([JSON.stringify({ type: "bearer", token: "at-1" })]),
    );
    expect(onTokens).toHaveBeenCalledOnce();
    // And the token is then reused, not refreshed again.
    await manager.get();
    expect(received).toHaveLength(1);
  });

  it("keeps rotated refresh tokens and uses the newest for the next refresh", async () => {
    const clock = manualClock();
    const received = rotatingTokenEndpoint({ rotate: true, expiresIn: 3600 });
    const persisted: OAuth2Tokens[] = [];
    const manager = createOAuth2TokenManager({
      tokens: expired(clock),
      refresh: refreshWith(clock),
      onTokens: (tokens) => {
        persisted.push(tokens);
      },
      now: clock.now,
    });
    await manager.get();
    clock.advance(3_600_000);
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-2" });
    expect(received).toEqual(["rt-0", "rt-1"]);
    expect(persisted.map((tokens) => [tokens.accessToken, tokens.refreshToken])).toEqual([
      ["at-1", "rt-1"],
      ["at-2", "rt-2"],
    ]);
    expect(persisted[1]?.expiresAt).toBe(START + 3_600_000 + 3_600_000);
    expect(manager.secrets()).toEqual(["at-2", "rt-2"]);
  });

  it("keeps the refresh token and the scope when the refresh answer leaves them out", async () => {
    const manager = createOAuth2TokenManager({
      tokens: {
        accessToken: "at-0",
        refreshToken: "rt-0",
        expiresAt: START,
        scope: "a b",
        raw: {},
      },
      refresh: async () => ({ accessToken: "at-1", expiresAt: START + 3_600_000, raw: {} }),
      onTokens: () => {},
      now: () => START,
    });
    await manager.get();
    expect(manager.tokens()).toEqual({
      accessToken: "at-1",
      refreshToken: "rt-0",
      scope: "a b",
      expiresAt: START + 3_600_000,
      raw: {},
    });
  });

  it("awaits onTokens before any waiter resumes", async () => {
    const events: string[] = [];
    let finishPersisting: () => void = () => {};
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", refreshToken: "rt-0", expiresAt: START, raw: {} },
      refresh: async () => ({ accessToken: "at-1", raw: {} }),
      onTokens: (tokens) => {
        events.push(`persist ${tokens.accessToken} ${tokens.refreshToken}`);
        return new Promise<void>((resolve) => {
          finishPersisting = () => {
            events.push("persisted");
            resolve();
          };
        });
      },
      now: () => START,
    });
    const waiters = [1, 2, 3].map((index) =>
      manager.get().then((auth) => events.push(`waiter ${index} ${JSON.stringify(auth)}`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(["persist at-1 rt-0"]);
    finishPersisting();
    await Promise.all(waiters);
    expect(events).toEqual([
      "persist at-1 rt-0",
      "persisted",
      'waiter 1 {"type":"bearer","token":"at-1"}',
      'waiter 2 {"type":"bearer","token":"at-1"}',
      'waiter 3 {"type":"bearer","token":"at-1"}',
    ]);
  });

  it("rejects every waiter when the refresh fails, and tries again on the next call", async () => {
    const clock = manualClock();
    let calls = 0;
    server.use(
      http.post(TOKEN_URL, async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return calls === 1
          ? HttpResponse.json({ error: "server_error" }, { status: 500 })
          : HttpResponse.json({ access_token: "at-after-retry", expires_in: 3600 });
      }),
    );
    const manager = createOAuth2TokenManager({
      tokens: expired(clock),
      refresh: refreshWith(clock),
      onTokens: () => {},
      now: clock.now,
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => manager.get()));
    expect(calls).toBe(1);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      if (outcome.status === "rejected") {
        expect(outcome.reason).toBeInstanceOf(ConnectorError);
        expect(outcome.reason.code).toBe("UPSTREAM");
        expect(outcome.reason.retryable).toBe(true);
      }
    }
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-after-retry" });
    expect(calls).toBe(2);
  });

  it("surfaces invalid_grant as AUTH_EXPIRED", async () => {
    const clock = manualClock();
    server.use(
      http.post(TOKEN_URL, () => HttpResponse.json({ error: "invalid_grant" }, { status: 400 })),
    );
    const manager = createOAuth2TokenManager({
      tokens: expired(clock),
      refresh: refreshWith(clock),
      onTokens: () => {},
      now: clock.now,
    });
    const error = await rejection(manager.get());
    expect(error.code).toBe("AUTH_EXPIRED");
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain("rt-0");
  });

  it("fails with AUTH_EXPIRED once expired without a refresh token, not before", async () => {
    const clock = manualClock();
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", expiresAt: START + 30_000, raw: {} },
      refresh: vi.fn(),
      onTokens: () => {},
      now: clock.now,
    });
    // Inside the refresh window but not expired: nothing to refresh with, the token still works.
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-0" });
    clock.advance(30_000);
    const error = await rejection(manager.get());
    expect(error.code).toBe("AUTH_EXPIRED");
    await expect(manager.onUnauthorized()).resolves.toBe(false);
  });

  it("never refreshes ahead when the expiry is unknown", async () => {
    const refresh = vi.fn();
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", refreshToken: "rt-0", raw: {} },
      refresh,
      onTokens: () => {},
    });
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-0" });
    expect(refresh).not.toHaveBeenCalled();
  });

  it("does not refresh again at once when tokens live shorter than the refresh window", async () => {
    const clock = manualClock();
    const received = rotatingTokenEndpoint({ rotate: false, expiresIn: 30 });
    const manager = createOAuth2TokenManager({
      tokens: expired(clock),
      refresh: refreshWith(clock),
      onTokens: () => {},
      now: clock.now,
    });
    await manager.get();
    await manager.get();
    expect(received).toHaveLength(1);
    clock.advance(15_000); // half of the 30 s lifetime
    await manager.get();
    expect(received).toHaveLength(2);
  });

  it("onUnauthorized forces one shared refresh even for a token that looks fresh", async () => {
    const clock = manualClock();
    const received = rotatingTokenEndpoint({ rotate: true });
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", refreshToken: "rt-0", expiresAt: START + 3_600_000, raw: {} },
      refresh: refreshWith(clock),
      onTokens: () => {},
      now: clock.now,
    });
    const answers = await Promise.all([
      manager.onUnauthorized(),
      manager.onUnauthorized(),
      manager.get(),
      manager.onUnauthorized(),
    ]);
    expect(received).toEqual(["rt-0"]);
    expect(answers).toEqual([true, true, { type: "bearer", token: "at-1" }, true]);
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-1" });
  });

  it("onUnauthorized rejects with the refresh error", async () => {
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", refreshToken: "rt-0", raw: {} },
      refresh: async () => {
        throw new ConnectorError("AUTH_EXPIRED", "refresh token revoked");
      },
      onTokens: () => {},
    });
    expect((await rejection(manager.onUnauthorized())).code).toBe("AUTH_EXPIRED");
  });

  it("when onTokens fails: waiters see its error, the new tokens stay, and it is called again", async () => {
    const refresh = vi.fn(async () => ({ accessToken: "at-1", refreshToken: "rt-1", raw: {} }));
    let failures = 1;
    const onTokens = vi.fn(async () => {
      if (failures-- > 0) throw new Error("database down");
    });
    const manager = createOAuth2TokenManager({
      tokens: { accessToken: "at-0", refreshToken: "rt-0", expiresAt: START, raw: {} },
      refresh,
      onTokens,
      now: () => START,
    });
    await expect(manager.get()).rejects.toThrow("database down");
    expect(manager.secrets()).toEqual(["at-1", "rt-1"]);
    await expect(manager.get()).resolves.toEqual({ type: "bearer", token: "at-1" });
    expect(refresh).toHaveBeenCalledOnce();
    expect(onTokens).toHaveBeenCalledTimes(2);
    expect(onTokens).toHaveBeenLastCalledWith(
      expect.objectContaining({ accessToken: "at-1", refreshToken: "rt-1" }),
    );
    await manager.get();
    expect(onTokens).toHaveBeenCalledTimes(2);
  });

  it("refuses unusable options", () => {
    const base = { refresh: vi.fn(), onTokens: () => {} };
    expect(() =>
      createOAuth2TokenManager({ ...base, tokens: { accessToken: "", raw: {} } }),
    ).toThrow(expect.objectContaining({ code: "CONFIGURATION" }));
    expect(() =>
      createOAuth2TokenManager({
        ...base,
        tokens: { accessToken: "at", raw: {} },
        refreshAheadMs: -1,
      }),
    ).toThrow(expect.objectContaining({ code: "CONFIGURATION" }));
  });
});
