/**
 * Retry arithmetic for the HTTP client: which requests may be sent again, how long to wait
 * before the next attempt, and how to read a provider's own "come back later" headers.
 */
import type { HttpMethod, RetryOptions } from "./http-types";

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 60_000,
});

/**
 * The most attempts one call ever makes, rate-limit waits included (those do not count against
 * `maxRetries`, so something else has to stop a provider that keeps saying "later").
 */
export const MAX_ATTEMPTS = 50;

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set<HttpMethod>([
  "GET",
  "HEAD",
  "OPTIONS",
  "PUT",
  "DELETE",
]);

/**
 * Whether sending the request twice is harmless: safe and idempotent methods always are; POST
 * and PATCH only when they carry an idempotency key the provider deduplicates on.
 */
export function isRetrySafe(method: HttpMethod, hasIdempotencyKey: boolean): boolean {
  return IDEMPOTENT_METHODS.has(method) || hasIdempotencyKey;
}

/** Statuses worth another attempt by default: request timeout, rate limit and any 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The backoff before retry number `retry` (0 for the first retry): exponential with full jitter,
 * a random delay between 0 and `baseDelayMs * 2^retry`, the ceiling capped at `maxDelayMs`.
 */
export function backoffDelay(
  retry: number,
  options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/** A header lookup that accepts both `Headers` and plain (lower- or mixed-case) records. */
type HeaderSource = Headers | Record<string, string | undefined>;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | undefined>)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Epoch values above this are seconds since 1970; smaller ones are seconds from now. */
const EPOCH_SECONDS_THRESHOLD = 1e9;

/**
 * How long the provider asked us to wait, in milliseconds, or `undefined` when it did not say.
 *
 * Reads `Retry-After` (delta-seconds or an HTTP-date), then, only when
 * `x-ratelimit-remaining`/`ratelimit-remaining` is `0`, `x-ratelimit-reset`/`ratelimit-reset`
 * (epoch seconds when above 1e9, as GitHub sends; delta-seconds otherwise, as the IETF draft
 * does). A date or reset in the past gives 0.
 */
export function parseRetryAfter(
  headers: HeaderSource,
  nowMs: number = Date.now(),
): number | undefined {
  const retryAfter = readHeader(headers, "retry-after")?.trim();
  if (retryAfter) {
    const parsed = parseRetryAfterValue(retryAfter, nowMs);
    if (parsed !== undefined) return parsed;
  }
  return parseRateLimitReset(headers, nowMs);
}

function parseRetryAfterValue(value: string, nowMs: number): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function parseRateLimitReset(headers: HeaderSource, nowMs: number): number | undefined {
  for (const prefix of ["x-ratelimit-", "ratelimit-"]) {
    const remaining = readHeader(headers, `${prefix}remaining`)?.trim();
    if (remaining !== "0") continue;
    const reset = readHeader(headers, `${prefix}reset`)?.trim();
    if (!reset || !/^\d+(\.\d+)?$/.test(reset)) continue;
    const seconds = Number(reset);
    if (seconds > EPOCH_SECONDS_THRESHOLD) return Math.max(0, Math.ceil(seconds * 1000 - nowMs));
    return Math.ceil(seconds * 1000);
  }
  return undefined;
}

/**
 * Waits `ms` milliseconds; rejects with the signal's reason as soon as `signal` aborts, so that
 * a cancelled call does not sit out its backoff.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
