/**
 * Every failure a connector reports is a `ConnectorError`: a stable code a program can branch on,
 * a message a person can act on, and whether trying again could help.
 */
export const ERROR_CODES = {
  /** The credentials were refused: wrong, revoked or malformed. Reconnect the account. */
  AUTH_INVALID: "AUTH_INVALID",
  /** The credentials expired and could not be refreshed. Reconnect the account. */
  AUTH_EXPIRED: "AUTH_EXPIRED",
  /** The credentials are valid but lack a permission or scope. */
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  /** The input was refused: by our own prop validation or by the provider. */
  VALIDATION: "VALIDATION",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  /** The provider failed (5xx) or answered something we cannot read. */
  UPSTREAM: "UPSTREAM",
  TIMEOUT: "TIMEOUT",
  NETWORK: "NETWORK",
  ABORTED: "ABORTED",
  /** A webhook delivery whose signature is missing, forged or stale. */
  SIGNATURE_INVALID: "SIGNATURE_INVALID",
  /** A card or payment was declined. */
  PAYMENT_DECLINED: "PAYMENT_DECLINED",
  /** The connector is used wrongly (bad definition, missing configuration). */
  CONFIGURATION: "CONFIGURATION",
  UNKNOWN: "UNKNOWN",
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Codes for which a retry of the same request may succeed. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "RATE_LIMITED",
  "UPSTREAM",
  "TIMEOUT",
  "NETWORK",
]);

export interface ConnectorErrorOptions {
  /** Overrides the default for the code (RATE_LIMITED, UPSTREAM, TIMEOUT and NETWORK retry). */
  retryable?: boolean;
  /** The HTTP status of the response that caused the error, if any. */
  status?: number;
  /** Milliseconds the provider asked us to wait before trying again. */
  retryAfterMs?: number;
  /** The provider's own error code (`channel_not_found`, `card_declined`, ...). */
  providerCode?: string;
  /** Anything else worth keeping, already free of secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class ConnectorError extends Error {
  override readonly name = "ConnectorError";
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly providerCode: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.providerCode = options.providerCode;
    this.details = options.details;
  }

  static is(value: unknown): value is ConnectorError {
    return (
      value instanceof ConnectorError ||
      (typeof value === "object" &&
        value !== null &&
        (value as { name?: unknown }).name === "ConnectorError" &&
        typeof (value as { code?: unknown }).code === "string")
    );
  }

  /** A plain object for logs and API responses (never includes the cause's stack). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.providerCode === undefined ? {} : { providerCode: this.providerCode }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** The code a plain HTTP status maps to when the provider says nothing more specific. */
export function errorCodeForStatus(status: number): ErrorCode {
  if (status === 401) return "AUTH_INVALID";
  if (status === 403) return "FORBIDDEN";
  if (status === 404 || status === 410) return "NOT_FOUND";
  if (status === 408) return "TIMEOUT";
  if (status === 409) return "CONFLICT";
  if (status === 400 || status === 422) return "VALIDATION";
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "UPSTREAM";
  return "UNKNOWN";
}
