import {
  type ClassifyInput,
  ConnectorError,
  type ErrorCode,
  errorCodeForStatus,
  type FormValue,
  formEntries,
  type HttpClient,
  type HttpRequest,
  httpFailureMessage,
  paginateStripeList,
  paginateStripeSearch,
  parseRetryAfter,
  type QueryParams,
  type ResponseClassification,
} from "@triggo/shared";

/** Stripe's API host. Every v1 path starts with `/v1`. */
export const STRIPE_API_URL = "https://api.stripe.com";

/**
 * The API version every request pins with `Stripe-Version` and every webhook endpoint this
 * connector creates is rendered with: the current version named on docs.stripe.com/api/versioning.
 * Its rules apply to the actions (for example, `payment_method_types` can no longer be written on
 * PaymentIntents or Checkout Sessions: `allowed_payment_method_types` replaces it).
 */
export const STRIPE_API_VERSION = "2026-09-30.endive";

/** Stripe's largest page for lists and searches (`limit` between 1 and 100). */
export const STRIPE_MAX_PAGE_SIZE = 100;

/** Stripe's error object: the `error` member of every failed response (API reference, Errors). */
export interface StripeErrorObject {
  type?: string;
  code?: string;
  decline_code?: string;
  advice_code?: string;
  param?: string;
  message?: string;
  doc_url?: string;
  request_log_url?: string;
  charge?: string;
  payment_intent?: { id?: string };
}

/** A page of a Stripe list (`GET /v1/charges`, `GET /v1/events`, ...). */
export interface StripeList<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

function readStripeError(body: unknown): StripeErrorObject {
  if (typeof body !== "object" || body === null) return {};
  const error = (body as { error?: unknown }).error;
  return typeof error === "object" && error !== null ? (error as StripeErrorObject) : {};
}

/**
 * The ConnectorError code for a Stripe failure: the status first where it is unambiguous (401, 403,
 * 404, 409, 429), then the error `type` (API reference, Errors): `card_error` is a declined
 * payment, `idempotency_error` a conflict, `api_error` Stripe's own failure, and an
 * `invalid_request_error` a validation failure unless Stripe says the resource is missing.
 */
function errorCodeFor(status: number, error: StripeErrorObject): ErrorCode {
  if (status === 401 || error.type === "authentication_error") return "AUTH_INVALID";
  if (status === 403) return "FORBIDDEN";
  if (status === 429) return "RATE_LIMITED";
  if (error.type === "card_error") return "PAYMENT_DECLINED";
  if (status === 409 || error.type === "idempotency_error") return "CONFLICT";
  if (status === 404 || error.code === "resource_missing") return "NOT_FOUND";
  if (error.type === "api_error" || status >= 500) return "UPSTREAM";
  if (error.type === "invalid_request_error") return "VALIDATION";
  return errorCodeForStatus(status);
}

/**
 * Whether Stripe's official libraries would send the request again: the `Stripe-Should-Retry`
 * header decides when present ("Advanced error handling"); otherwise conflicts (409: a lock or an
 * idempotency key in use by a request still running), rate limits (429), Stripe's own errors
 * (`api_error`) and 5xx are retried.
 */
function shouldRetry(status: number, headers: Headers, error: StripeErrorObject): boolean {
  const advice = headers.get("stripe-should-retry");
  if (advice === "true") return true;
  if (advice === "false") return false;
  return status === 409 || status === 429 || status >= 500 || error.type === "api_error";
}

function definedEntries(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value != null));
}

/** The message: the method and path, Stripe's own message, and the parameter it names. */
function failureMessage(request: HttpRequest, status: number, error: StripeErrorObject): string {
  const message = error.message
    ? `${error.message}${error.param ? ` (parameter: ${error.param})` : ""}`
    : error.param
      ? `parameter: ${error.param}`
      : undefined;
  return httpFailureMessage(request.method ?? "GET", request.path, status, message);
}

/** Builds the ConnectorError for a failed Stripe response. */
function stripeError(input: ClassifyInput, retryable: boolean): ConnectorError {
  const { status, headers, body, request } = input;
  const error = readStripeError(body);
  const code = errorCodeFor(status, error);
  const retryAfterMs = code === "RATE_LIMITED" ? parseRetryAfter(headers) : undefined;
  return new ConnectorError(code, failureMessage(request, status, error), {
    status,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...((error.code ?? error.type) ? { providerCode: error.code ?? error.type } : {}),
    details: definedEntries({
      type: error.type,
      code: error.code,
      declineCode: error.decline_code,
      adviceCode: error.advice_code,
      param: error.param,
      docUrl: error.doc_url,
      requestLogUrl: error.request_log_url,
      charge: error.charge,
      paymentIntent: error.payment_intent?.id,
      requestId: headers.get("request-id"),
      shouldRetry: headers.get("stripe-should-retry"),
    }),
  });
}

/**
 * Reads Stripe's failures as its official libraries do: `Stripe-Should-Retry` first, then 409,
 * 429 and 5xx retried; Stripe's error object mapped to a ConnectorError code, with its message,
 * parameter, codes and links, and the `Request-Id` to quote to Stripe support, in `details`.
 * Every POST carries an `Idempotency-Key` (autoIdempotencyKey), so retrying a write is safe.
 */
export function classifyStripeResponse(input: ClassifyInput): ResponseClassification | undefined {
  if (input.status < 400) return undefined;
  const error = readStripeError(input.body);
  const retry = shouldRetry(input.status, input.headers, error);
  const connectorError = stripeError(input, retry);
  return retry
    ? {
        outcome: "retry",
        error: connectorError,
        ...(connectorError.retryAfterMs === undefined
          ? {}
          : { retryAfterMs: connectorError.retryAfterMs }),
      }
    : { outcome: "fail", error: connectorError };
}

/**
 * Query parameters in Stripe's bracket notation, as its libraries write them for GET requests:
 * `{ created: { gte: 1 }, types: ["a", "b"] }` is `created[gte]=1&types[0]=a&types[1]=b`.
 * Undefined and null values are left out.
 */
export function stripeQuery(values: Record<string, FormValue>): QueryParams {
  return Object.fromEntries(formEntries(values));
}

/** A path segment for an object id (`cus_...`), escaped. */
export function stripeId(id: string): string {
  return encodeURIComponent(id.trim());
}

/**
 * Every object of a Stripe list, page after page (`starting_after` the last id while
 * `has_more`), up to `limit` objects; pages are as large as Stripe allows.
 */
export function listStripeObjects<T extends { id: string }>(
  http: HttpClient,
  path: string,
  options: { query?: Record<string, FormValue>; limit: number; signal?: AbortSignal },
): AsyncGenerator<T, void, undefined> {
  return paginateStripeList<T>(
    http,
    {
      path,
      query: stripeQuery({
        ...options.query,
        limit: Math.min(options.limit, STRIPE_MAX_PAGE_SIZE),
      }),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { maxItems: options.limit },
  );
}

/**
 * Every result of a Stripe search (`/v1/<resource>/search`), page after page (`next_page` sent
 * back as `page`), up to `limit` results.
 */
export function searchStripeObjects<T>(
  http: HttpClient,
  path: string,
  options: { query: string; limit: number; signal?: AbortSignal },
): AsyncGenerator<T, void, undefined> {
  return paginateStripeSearch<T>(
    http,
    {
      path,
      query: { query: options.query, limit: Math.min(options.limit, STRIPE_MAX_PAGE_SIZE) },
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { maxItems: options.limit },
  );
}

/**
 * A value quoted for Stripe's search query language: inside quotes, a quote or a backslash is
 * escaped with a backslash ("Search query language", Quotes). `email:'o\'brien@example.com'`.
 */
export function searchString(value: string): string {
  return `'${value.replace(/[\\']/g, (character) => `\\${character}`)}'`;
}

/** Unix seconds, as Stripe's timestamps and `created` filters are. */
export function toUnixSeconds(isoDateTime: string): number {
  return Math.floor(Date.parse(isoDateTime) / 1000);
}

/**
 * What a write action sends besides its body: the user's own idempotency key when they gave one
 * (otherwise the client makes one per call, the same across its retries), and the signal.
 */
export function writeOptions(
  idempotencyKey: string | undefined,
  signal: AbortSignal,
): { idempotencyKey?: string; signal: AbortSignal } {
  const key = idempotencyKey?.trim();
  return key ? { idempotencyKey: key, signal } : { signal };
}
