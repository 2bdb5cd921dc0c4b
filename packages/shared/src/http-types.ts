import type { ConnectorError } from "./errors";
import type { Logger } from "./logger";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

export type QueryScalar = string | number | boolean;
/** `undefined` and `null` entries are left out; arrays repeat the key (`a=1&a=2`). */
export type QueryValue = QueryScalar | null | undefined | ReadonlyArray<QueryScalar>;
export type QueryParams = Record<string, QueryValue>;

/** A value for a form body; nested objects and arrays use bracket notation (`a[b]=1`, `c[0]=x`). */
export type FormValue =
  | QueryScalar
  | null
  | undefined
  | ReadonlyArray<FormValue>
  | { readonly [key: string]: FormValue };

export interface MultipartFile {
  name: string;
  data: Uint8Array | Blob;
  filename: string;
  contentType?: string;
}

export type HttpBody =
  | { json: unknown }
  | { form: Record<string, FormValue> }
  | { multipart: FormData | ReadonlyArray<MultipartFile | { name: string; value: string }> }
  | { raw: string | Uint8Array; contentType?: string };

export type HttpAuth =
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "header"; name: string; value: string }
  | { type: "query"; name: string; value: string }
  | { type: "none" };

/**
 * Where the client gets its credentials for each request. A provider (rather than a fixed
 * `HttpAuth`) lets OAuth2 tokens refresh ahead of expiry, and retry once after a 401.
 */
export interface AuthProvider {
  get(): HttpAuth | Promise<HttpAuth>;
  /** Called after a 401; return true when fresh credentials were obtained so the request is retried once. */
  onUnauthorized?(): boolean | Promise<boolean>;
  /** Secret values to mask wherever the client logs or reports. */
  secrets?(): Iterable<unknown>;
}

export interface RetryOptions {
  /** Retries after the first attempt for network errors, timeouts and 5xx. Default 4. */
  maxRetries: number;
  /** First backoff delay; doubles each retry, with full jitter. Default 500 ms. */
  baseDelayMs: number;
  /** Longest single backoff delay. Default 30 s. */
  maxDelayMs: number;
  /**
   * The most a single call may spend waiting between attempts, rate-limit waits included.
   * A wait the provider asks for that would pass this cap fails at once with RATE_LIMITED
   * (carrying `retryAfterMs`) instead of sleeping. Default 60 s.
   */
  maxTotalWaitMs: number;
}

export type ResponseType = "json" | "text" | "bytes" | "stream";

export interface HttpRequest {
  /** Default GET. */
  method?: HttpMethod;
  /** A path relative to the client's `baseUrl`, or an absolute URL (used by `Link` pagination). */
  path: string;
  query?: QueryParams;
  /** Headers for this request; `undefined` values are left out. */
  headers?: Record<string, string | undefined>;
  body?: HttpBody;
  /**
   * Makes a POST or PATCH safe to retry: sent in the client's idempotency header and kept the
   * same across every retry of this call.
   */
  idempotencyKey?: string;
  /**
   * Whether sending the request twice does what sending it once does, so that a failure after
   * which it may have been done (a 5xx, a timeout) can be retried. Default: by method (GET, HEAD,
   * OPTIONS, PUT and DELETE are). Give `false` for a PUT whose second copy fails or acts again
   * (GitHub's merge of a pull request, its file write).
   */
  idempotent?: boolean;
  /** `false` sends once; an object overrides the client's retry options for this call. */
  retry?: false | Partial<RetryOptions>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Default: JSON when the response says so, text otherwise (empty bodies are `undefined`). */
  responseType?: ResponseType;
  /** Overrides the client's auth for this call; `false` sends none. */
  auth?: HttpAuth | false;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  url: string;
  /** How many attempts the call took (1 when the first one succeeded). */
  attempts: number;
}

/** What a response means, as decided by a connector's `classify` hook. */
export type ResponseClassification =
  | { outcome: "success" }
  | { outcome: "retry"; error: ConnectorError; retryAfterMs?: number }
  | { outcome: "fail"; error: ConnectorError };

export interface ClassifyInput {
  status: number;
  headers: Headers;
  /** The parsed body (JSON object, text, or undefined). */
  body: unknown;
  request: HttpRequest;
}

/**
 * A connector's hook to read its provider's responses: Slack's HTTP 200 with `ok: false`,
 * GitHub's 403 with `x-ratelimit-remaining: 0`. Return `undefined` to use the default rules.
 */
export type ResponseClassifier = (input: ClassifyInput) => ResponseClassification | undefined;

export interface HttpClientOptions {
  baseUrl?: string;
  auth?: HttpAuth | AuthProvider;
  /** Sent with every request; per-request headers win. */
  headers?: Record<string, string>;
  /** Default `triggo/<version>`; connectors add their own product token in front. */
  userAgent?: string;
  /** Per-attempt timeout. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions> | false;
  classify?: ResponseClassifier;
  /** Header that carries idempotency keys. Default `Idempotency-Key`. */
  idempotencyHeader?: string;
  /** Give every POST and PATCH an idempotency key when the caller set none (Stripe). */
  autoIdempotencyKey?: boolean;
  /**
   * The fetch implementation. Default: `globalThis.fetch`, looked up at call time. The hook for
   * tests and proxies.
   */
  fetch?: typeof fetch;
  /** An undici dispatcher for pooling; default: one shared keep-alive Agent. */
  dispatcher?: unknown;
  logger?: Logger;
  /** For tests: how the client waits between attempts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type RequestOptions = Omit<HttpRequest, "method" | "path" | "body">;

export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  delete<T = unknown>(
    path: string,
    options?: RequestOptions & { body?: HttpBody },
  ): Promise<HttpResponse<T>>;
  post<T = unknown>(
    path: string,
    body?: HttpBody,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>>;
  put<T = unknown>(
    path: string,
    body?: HttpBody,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>>;
  patch<T = unknown>(
    path: string,
    body?: HttpBody,
    options?: RequestOptions,
  ): Promise<HttpResponse<T>>;
  /** A client with some options replaced (for example another base URL or extra headers). */
  extend(options: Partial<HttpClientOptions>): HttpClient;
  readonly options: Readonly<HttpClientOptions>;
}
