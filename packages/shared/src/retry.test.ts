import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  isRetryableStatus,
  isRetrySafe,
  parseRetryAfter,
  sleep,
} from "./retry";

const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it("reads delta-seconds, fractions rounded up to the millisecond", () => {
    expect(parseRetryAfter(new Headers({ "Retry-After": "120" }), NOW)).toBe(120_000);
    expect(parseRetryAfter(new Headers({ "retry-after": " 0 " }), NOW)).toBe(0);
    expect(parseRetryAfter({ "Retry-After": "1.5" }, NOW)).toBe(1500);
  });

  it("reads an HTTP-date, a date in the past giving 0", () => {
    expect(parseRetryAfter({ "retry-after": "Sun, 01 Mar 2026 12:00:30 GMT" }, NOW)).toBe(30_000);
    expect(parseRetryAfter({ "retry-after": "Sun, 01 Mar 2026 11:00:00 GMT" }, NOW)).toBe(0);
  });

  it("ignores a Retry-After it cannot read and falls back to the rate-limit headers", () => {
    const headers = {
      "Retry-After": "soon",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": "7",
    };
    expect(parseRetryAfter(headers, NOW)).toBe(7000);
    expect(parseRetryAfter({ "Retry-After": "soon" }, NOW)).toBeUndefined();
  });

  it("reads x-ratelimit-reset as epoch seconds above 1e9 (GitHub), delta-seconds below", () => {
    const epoch = String(NOW / 1000 + 42);
    expect(parseRetryAfter({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": epoch }, NOW)).toBe(
      42_000,
    );
    expect(parseRetryAfter({ "ratelimit-remaining": "0", "ratelimit-reset": "12" }, NOW)).toBe(
      12_000,
    );
    const past = String(NOW / 1000 - 5);
    expect(parseRetryAfter({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": past }, NOW)).toBe(
      0,
    );
  });

  it("ignores the reset while requests remain, and prefers Retry-After", () => {
    expect(
      parseRetryAfter({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "12" }, NOW),
    ).toBeUndefined();
    expect(
      parseRetryAfter(
        { "retry-after": "2", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "12" },
        NOW,
      ),
    ).toBe(2000);
    expect(parseRetryAfter(new Headers(), NOW)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  const options = { baseDelayMs: 500, maxDelayMs: 30_000 };

  it("draws from [0, base * 2^retry) with full jitter", () => {
    expect(backoffDelay(0, options, () => 0)).toBe(0);
    expect(backoffDelay(0, options, () => 0.5)).toBe(250);
    expect(backoffDelay(3, options, () => 0.999)).toBe(3996);
  });

  it("caps the ceiling at maxDelayMs", () => {
    expect(backoffDelay(10, options, () => 0.5)).toBe(15_000);
    expect(backoffDelay(60, options, () => 0.999_999)).toBeLessThan(30_000);
  });
});

describe("which requests may be retried", () => {
  it("retries safe methods always, POST and PATCH only with a key", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"] as const) {
      expect(isRetrySafe(method, false)).toBe(true);
    }
    expect(isRetrySafe("POST", false)).toBe(false);
    expect(isRetrySafe("PATCH", false)).toBe(false);
    expect(isRetrySafe("POST", true)).toBe(true);
  });

  it("retries 408, 429 and 5xx", () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });

  it("has the documented defaults", () => {
    expect(DEFAULT_RETRY_OPTIONS).toEqual({
      maxRetries: 4,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxTotalWaitMs: 60_000,
    });
  });
});

describe("sleep", () => {
  it("waits, and rejects with the abort reason as soon as the signal aborts", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(sleep(10, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });
});
