/**
 * A client-wide gate for rate limits: once any call learns that the provider wants a pause, every
 * call of that client (new ones included) holds its next request until the pause is over,
 * instead of each call finding out on its own with one more refused request.
 */

export interface RateLimitGateOptions {
  /**
   * Each waiting call adds a random share of its wait, up to this fraction (default 0.1), so
   * that the calls held back do not all reach the provider in the same millisecond.
   */
  spreadRatio?: number;
  /** For tests: the source of randomness, returning a number in [0, 1). */
  random?: () => number;
}

export interface RateLimitGate {
  /** Holds every request until `untilMs` (epoch milliseconds); an earlier instant changes nothing. */
  block(untilMs: number): void;
  /** How long a request about to go out at `nowMs` must wait first, spread included; 0 when open. */
  delay(nowMs: number): number;
  /** The instant the gate opens (epoch milliseconds); in the past when it is open. */
  readonly blockedUntil: number;
}

/** The default `spreadRatio`: up to 10% on top of each wait. */
export const DEFAULT_SPREAD_RATIO = 0.1;

/** A gate that starts open; one per client (and shared by its `extend()`ed copies of the same account). */
export function createRateLimitGate(options: RateLimitGateOptions = {}): RateLimitGate {
  const spreadRatio = options.spreadRatio ?? DEFAULT_SPREAD_RATIO;
  const random = options.random ?? Math.random;
  let blockedUntil = 0;

  return {
    block(untilMs) {
      if (Number.isFinite(untilMs) && untilMs > blockedUntil) blockedUntil = untilMs;
    },
    delay(nowMs) {
      const remaining = blockedUntil - nowMs;
      if (remaining <= 0) return 0;
      return Math.ceil(remaining + random() * spreadRatio * remaining);
    },
    get blockedUntil() {
      return blockedUntil;
    },
  };
}
