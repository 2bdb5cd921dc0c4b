/**
 * The HTTP client every connector calls its provider with: auth, timeouts, retries with backoff,
 * rate limits shared across calls, provider-aware error classification, and secrets kept out of
 * every message and log line.
 */
import { randomUUID } from "node:crypto";
import type { Agent, Dispatcher } from "undici";
import { ConnectorError, errorCodeForStatus } from "./errors";
import { escapeFormComponent } from "./form-encode";
import { applyAuth, authSecrets, isAuthProvider, providerSecrets } from "./http-auth";
import { type EncodedBody, encodeBody } from "./http-body";
import { createRateLimitGate, type RateLimitGate } from "./http-rate-limit-gate";
import {
  extractProviderError,
  InvalidJsonError,
  readErrorBody,
  readResponseBody,
} from "./http-response";
import type {
  ClassifyInput,
  HttpAuth,
  HttpBody,
  HttpClient,
  HttpClientOptions,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  RequestOptions,
  ResponseClassification,
  RetryOptions,
} from "./http-types";
import { appendQuery, joinUrl, pathWithoutQuery } from "./http-url";
import { createRedactor, REDACTED, type Redactor } from "./redact";
import {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  sleep as defaultSleep,
  isRetryableStatus,
  isRetrySafe,
  MAX_ATTEMPTS,
  parseRetryAfter,
} from "./retry";
import { SHARED_VERSION } from "./version";

/** Sent as `User-Agent` unless the client names its own. */
export const DEFAULT_USER_AGENT = `triggo/${SHARED_VERSION}`;
/** The per-attempt timeout unless the client or the request sets one. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The header that carries idempotency keys unless the client names another. */
export const DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key";

// ---------------------------------------------------------------------------------------------
// Connection pooling

/**
 * A signal that never aborts, for code that must pass one: the client treats it as no signal,
 * so that no listener is ever added to it.
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/** Keep-alive pools, one per timeout setting (undici enforces timeouts per connection pool). */
const sharedAgents = new Map<string, Promise<Agent>>();
/** Set when this runtime's `fetch` refused the npm undici Agent (a bundled undici too different). */
let sharedAgentRefused = false;
/** The runtime's own fetch, as it was when this module loaded (before any test double). */
const NATIVE_FETCH: typeof fetch | undefined = globalThis.fetch;

/**
 * The keep-alive connection pool all clients share unless given a `dispatcher`: created on first
 * use, and undici itself is loaded only then, so importing the package opens nothing and costs
 * no undici start-up (about 60 ms) for code that never sends a request. The pool enforces the
 * attempt timeout itself (`headersTimeout`, `bodyTimeout`), so that a request on the native
 * fetch needs no AbortController and timer of its own.
 */
export function getSharedDispatcher(
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
  options: { streaming?: boolean } = {},
): Promise<Agent> {
  // A stream is read by the caller at its own pace: only its signal may end it.
  const bodyTimeout = options.streaming ? 0 : timeoutMs;
  const key = `${timeoutMs}:${bodyTimeout}`;
  let agent = sharedAgents.get(key);
  if (!agent) {
    agent = import("undici").then(
      ({ Agent: UndiciAgent }) =>
        new UndiciAgent({
          keepAliveTimeout: 10_000,
          keepAliveMaxTimeout: 60_000,
          connections: 64,
          headersTimeout: timeoutMs,
          bodyTimeout,
        }),
    );
    sharedAgents.set(key, agent);
  }
  return agent;
}

/** The shared pool with redirects followed, for calls sent with undici's own `request`. */
const directDispatchers = new Map<number, Promise<Dispatcher>>();

function getDirectDispatcher(timeoutMs: number): Promise<Dispatcher> {
  let dispatcher = directDispatchers.get(timeoutMs);
  if (!dispatcher) {
    dispatcher = Promise.all([import("undici"), getSharedDispatcher(timeoutMs)]).then(
      ([{ interceptors }, agent]) => agent.compose(interceptors.redirect({ maxRedirections: 10 })),
    );
    directDispatchers.set(timeoutMs, dispatcher);
  }
  return dispatcher;
}

/**
 * True when the call goes out through the runtime's own fetch and our pool: then the pool times
 * the attempt out. Any other fetch (a test double such as msw, a proxy's) or dispatcher might
 * ignore the pool, so those attempts keep a timer and an AbortController.
 */
function poolEnforcesTimeout(call: Call): boolean {
  return (
    call.options.fetch === undefined &&
    call.options.dispatcher === undefined &&
    !sharedAgentRefused &&
    NATIVE_FETCH !== undefined &&
    globalThis.fetch === NATIVE_FETCH &&
    call.request.responseType !== "stream"
  );
}

/** undici's own timeouts: thrown by `request`, or the cause of fetch's TypeError. */
function isPoolTimeout(error: unknown): boolean {
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const codes = [failure?.code, failure?.cause?.code];
  return codes.includes("UND_ERR_HEADERS_TIMEOUT") || codes.includes("UND_ERR_BODY_TIMEOUT");
}

/**
 * Node's own `fetch` runs its bundled undici, which checks the handler interface of a dispatcher
 * from another undici copy; a mismatch fails every request with `UND_ERR_INVALID_ARG`.
 */
function isDispatcherMismatch(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code === "UND_ERR_INVALID_ARG";
}

// ---------------------------------------------------------------------------------------------
// The client

/**
 * Creates an HTTP client. Every call: joins `baseUrl` and the path, adds the query and the
 * credentials, sends with a per-attempt timeout, reads the body, lets `classify` (or the default
 * rules) decide success, retry or failure, and retries with backoff within the wait budget.
 * Failures are `ConnectorError`s whose messages never contain the credentials.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  return buildClient(options, createRateLimitGate());
}

function buildClient(options: HttpClientOptions, gate: RateLimitGate): HttpClient {
  const frozen: Readonly<HttpClientOptions> = Object.freeze({ ...options });
  const request = <T>(httpRequest: HttpRequest) => performRequest<T>(frozen, gate, httpRequest);
  const withBody =
    (method: HttpMethod) =>
    <T>(path: string, body?: HttpBody, requestOptions?: RequestOptions) =>
      request<T>({ ...requestOptions, method, path, ...(body === undefined ? {} : { body }) });

  return {
    options: frozen,
    request,
    get: <T>(path: string, requestOptions?: RequestOptions) =>
      request<T>({ ...requestOptions, method: "GET", path }),
    delete: <T>(path: string, requestOptions?: RequestOptions & { body?: HttpBody }) =>
      request<T>({ ...requestOptions, method: "DELETE", path }),
    post: withBody("POST"),
    put: withBody("PUT"),
    patch: withBody("PATCH"),
    extend: (partial) =>
      buildClient(
        mergeClientOptions(options, partial),
        sharesRateLimit(options, partial) ? gate : createRateLimitGate(),
      ),
  };
}

/** Options of `extend`: later values win, headers merge by name (case-insensitive), so do retry options. */
function mergeClientOptions(
  base: HttpClientOptions,
  partial: Partial<HttpClientOptions>,
): HttpClientOptions {
  const merged: HttpClientOptions = { ...base, ...withoutUndefined(partial) };
  if (base.headers || partial.headers) {
    merged.headers = mergeHeaderRecords(base.headers, partial.headers);
  }
  if (typeof base.retry === "object" && typeof partial.retry === "object") {
    merged.retry = { ...base.retry, ...withoutUndefined(partial.retry) };
  }
  return merged;
}

/** A client made by `extend` keeps its parent's rate-limit gate while it talks to the same server as the same account. */
function sharesRateLimit(base: HttpClientOptions, partial: Partial<HttpClientOptions>): boolean {
  const sameServer = partial.baseUrl === undefined || partial.baseUrl === base.baseUrl;
  const sameAccount = partial.auth === undefined || partial.auth === base.auth;
  return sameServer && sameAccount;
}

function mergeHeaderRecords(
  base: Record<string, string> | undefined,
  override: Record<string, string> | undefined,
): Record<string, string> {
  const merged: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(override ?? {})) {
    for (const existing of Object.keys(merged)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    }
    merged[name] = value;
  }
  return merged;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

// ---------------------------------------------------------------------------------------------
// One call: everything decided once, before the first attempt

interface ResolvedRetry extends RetryOptions {
  enabled: boolean;
}

interface Call {
  options: Readonly<HttpClientOptions>;
  request: HttpRequest;
  gate: RateLimitGate;
  method: HttpMethod;
  /** The path as error messages show it: no query string. */
  displayPath: string;
  url: URL;
  headers: Headers;
  body: EncodedBody;
  retry: ResolvedRetry;
  /** Sending this request twice is harmless (safe method, or an idempotency key). */
  retrySafe: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function planCall(
  options: Readonly<HttpClientOptions>,
  gate: RateLimitGate,
  request: HttpRequest,
): Call {
  const method = request.method ?? "GET";
  const displayPath = pathWithoutQuery(request.path);
  if ((method === "GET" || method === "HEAD") && request.body !== undefined) {
    throw new ConnectorError("CONFIGURATION", `${method} ${displayPath} cannot carry a body.`);
  }
  const url = joinUrl(options.baseUrl, request.path);
  appendQuery(url, request.query);
  const body = encodeBody(request.body);
  const headers = buildHeaders(options, request, body);
  const idempotencyKey = resolveIdempotencyKey(options, request, method, headers);
  if (idempotencyKey !== undefined) {
    headers.set(options.idempotencyHeader ?? DEFAULT_IDEMPOTENCY_HEADER, idempotencyKey);
  }
  return {
    options,
    request,
    gate,
    method,
    displayPath,
    url,
    headers,
    body,
    retry: resolveRetry(options.retry, request.retry),
    retrySafe: idempotencyKey !== undefined || (request.idempotent ?? isRetrySafe(method, false)),
    timeoutMs: request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: request.signal,
    sleep: options.sleep ?? defaultSleep,
  };
}

/**
 * Headers, last one wins: the defaults (`Accept: application/json`, `User-Agent`), the client's,
 * the body's Content-Type, the request's (where `undefined` removes a header). A multipart body
 * keeps no Content-Type: `fetch` writes it with the boundary.
 */
function buildHeaders(
  options: Readonly<HttpClientOptions>,
  request: HttpRequest,
  body: EncodedBody,
): Headers {
  const headers = new Headers({
    accept: "application/json",
    "user-agent": options.userAgent ?? DEFAULT_USER_AGENT,
  });
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  if (body.contentType) headers.set("content-type", body.contentType);
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
  }
  if (body.multipart) headers.delete("content-type");
  return headers;
}

/**
 * The call's idempotency key: the request's, else one already in its headers, else (with
 * `autoIdempotencyKey`, for POST and PATCH) a new one. Chosen once, so every retry sends it.
 */
function resolveIdempotencyKey(
  options: Readonly<HttpClientOptions>,
  request: HttpRequest,
  method: HttpMethod,
  headers: Headers,
): string | undefined {
  if (request.idempotencyKey) return request.idempotencyKey;
  const fromHeaders = headers.get(options.idempotencyHeader ?? DEFAULT_IDEMPOTENCY_HEADER);
  if (fromHeaders) return fromHeaders;
  if (options.autoIdempotencyKey && (method === "POST" || method === "PATCH")) return randomUUID();
  return undefined;
}

function resolveRetry(
  client: Partial<RetryOptions> | false | undefined,
  request: Partial<RetryOptions> | false | undefined,
): ResolvedRetry {
  const clientOptions = client === false ? {} : withoutUndefined(client ?? {});
  const requestOptions = request === false ? {} : withoutUndefined(request ?? {});
  return {
    ...DEFAULT_RETRY_OPTIONS,
    ...clientOptions,
    ...requestOptions,
    enabled: client !== false && request !== false,
  };
}

// ---------------------------------------------------------------------------------------------
// The attempt loop

interface CallState {
  attempt: number;
  /** Retries that count against `maxRetries` (rate-limit waits do not). */
  retriesUsed: number;
  waitedMs: number;
  authRefreshed: boolean;
  /**
   * The time this call has certainly reached: the end of its last wait. It keeps the loop
   * moving when `sleep` is a test double that returns at once.
   */
  clockFloor: number;
  lastError: ConnectorError | undefined;
}

interface AttemptSuccess {
  kind: "success";
  response: HttpResponse<unknown>;
}

interface AttemptFailure {
  kind: "failure";
  error: ConnectorError;
  /** The classification said another attempt may succeed. */
  retryable: boolean;
  /** A connector's classifier asked for the retry: trusted even for a POST without a key. */
  retryRequestedByClassifier: boolean;
  /** The caller aborted: nothing more is tried. */
  aborted: boolean;
  status: number | undefined;
  retryAfterMs: number | undefined;
}

type AttemptResult = AttemptSuccess | AttemptFailure;

async function performRequest<T>(
  options: Readonly<HttpClientOptions>,
  gate: RateLimitGate,
  request: HttpRequest,
): Promise<HttpResponse<T>> {
  const call = planCall(options, gate, request);
  const state: CallState = {
    attempt: 0,
    retriesUsed: 0,
    waitedMs: 0,
    authRefreshed: false,
    clockFloor: 0,
    lastError: undefined,
  };
  for (;;) {
    throwIfAborted(call);
    await waitForGate(call, state);
    state.attempt += 1;
    const result = await attemptOnce(call, state.attempt);
    if (result.kind === "success") return result.response as HttpResponse<T>;
    state.lastError = result.error;
    learnRateLimit(call, result, Math.max(Date.now(), state.clockFloor));
    await prepareNextAttempt(call, state, result);
  }
}

/** Any retry-after a provider gives with a refusal holds every call of this client. */
function learnRateLimit(call: Call, failure: AttemptFailure, nowMs: number): void {
  if (failure.retryAfterMs === undefined || failure.retryAfterMs <= 0) return;
  if (failure.retryable || failure.error.code === "RATE_LIMITED") {
    call.gate.block(nowMs + failure.retryAfterMs);
  }
}

/**
 * Decides whether the call goes on after a failure and waits as needed; throws the failure's
 * error when it does not. A provider-given wait is served by the gate at the top of the loop.
 */
async function prepareNextAttempt(
  call: Call,
  state: CallState,
  failure: AttemptFailure,
): Promise<void> {
  if (failure.aborted) throw failure.error;
  if (await refreshedAfterUnauthorized(call, state, failure)) return;
  const mayRetry =
    failure.retryable &&
    call.retry.enabled &&
    (call.retrySafe || failure.retryRequestedByClassifier) &&
    state.attempt < MAX_ATTEMPTS;
  if (!mayRetry) throw failure.error;

  const providerWait = failure.retryAfterMs !== undefined && failure.retryAfterMs > 0;
  const isRateLimitWait = providerWait && failure.error.code === "RATE_LIMITED";
  if (!isRateLimitWait) {
    if (state.retriesUsed >= call.retry.maxRetries) throw failure.error;
    state.retriesUsed += 1;
  }
  if (providerWait) return;
  await waitWithinBudget(call, state, backoffDelay(state.retriesUsed - 1, call.retry));
}

/** After a 401, an auth provider may renew its credentials once per call; then we try again at once. */
async function refreshedAfterUnauthorized(
  call: Call,
  state: CallState,
  failure: AttemptFailure,
): Promise<boolean> {
  const provider = call.request.auth === undefined ? call.options.auth : undefined;
  if (failure.status !== 401 || state.authRefreshed || !isAuthProvider(provider)) return false;
  if (!provider.onUnauthorized) return false;
  state.authRefreshed = true;
  return (await provider.onUnauthorized()) === true;
}

/**
 * Holds the call while the client's rate-limit gate is closed. The provider's wait must fit in
 * what is left of the call's budget; the random spread on top is cut to fit.
 */
async function waitForGate(call: Call, state: CallState): Promise<void> {
  for (;;) {
    const now = Math.max(Date.now(), state.clockFloor);
    const delay = call.gate.delay(now);
    if (delay <= 0) return;
    const providerWaitMs = call.gate.blockedUntil - now;
    const budgetLeft = call.retry.maxTotalWaitMs - state.waitedMs;
    if (providerWaitMs > budgetLeft) throw waitBudgetExceeded(call, state, providerWaitMs);
    await sleepCounted(call, state, Math.min(delay, budgetLeft));
  }
}

/** Sleeps a backoff `delay` unless that would take the call past `maxTotalWaitMs`. */
async function waitWithinBudget(call: Call, state: CallState, delay: number): Promise<void> {
  if (state.waitedMs + delay > call.retry.maxTotalWaitMs) {
    throw waitBudgetExceeded(call, state, delay);
  }
  await sleepCounted(call, state, delay);
}

async function sleepCounted(call: Call, state: CallState, delay: number): Promise<void> {
  const now = Math.max(Date.now(), state.clockFloor);
  await sleepUnlessAborted(call, delay);
  state.waitedMs += delay;
  state.clockFloor = now + delay;
}

/**
 * The error for a wait the budget cannot cover: the last error (or, before any attempt, a
 * RATE_LIMITED one) carrying in `retryAfterMs` how long the wait would have been.
 */
function waitBudgetExceeded(call: Call, state: CallState, waitMs: number): ConnectorError {
  const retryAfterMs = Math.max(0, Math.ceil(waitMs));
  const last = state.lastError;
  if (last) {
    return new ConnectorError(last.code, last.message, {
      retryable: last.retryable,
      status: last.status,
      retryAfterMs,
      providerCode: last.providerCode,
      details: last.details,
      cause: last.cause,
    });
  }
  return new ConnectorError(
    "RATE_LIMITED",
    `${call.method} ${call.displayPath} was not sent: the provider asked for a pause of ` +
      `${formatSeconds(retryAfterMs)}, more than this call may wait (${formatSeconds(call.retry.maxTotalWaitMs)}).`,
    { retryAfterMs },
  );
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

async function sleepUnlessAborted(call: Call, ms: number): Promise<void> {
  const { signal } = call;
  if (!signal) {
    await call.sleep(ms);
    return;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(call, signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([call.sleep(ms, signal), aborted]);
  } catch (error) {
    if (signal.aborted) throw abortedError(call, signal.reason);
    throw error;
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

function throwIfAborted(call: Call): void {
  if (call.signal?.aborted) throw abortedError(call, call.signal.reason);
}

function abortedError(call: Call, reason: unknown): ConnectorError {
  return new ConnectorError("ABORTED", `${call.method} ${call.displayPath} was cancelled.`, {
    retryable: false,
    cause: reason,
  });
}

// ---------------------------------------------------------------------------------------------
// One attempt

interface AttemptContext {
  auth: HttpAuth | undefined;
  redactor: Redactor;
  url: URL;
  /** The URL as logs show it: a query credential replaced by [REDACTED]. */
  displayUrl: string;
}

async function attemptOnce(call: Call, attempt: number): Promise<AttemptResult> {
  const context = await prepareAttempt(call);
  const startedAt = performance.now();
  const received = await receive(call, context);
  const result = "kind" in received ? received : classifyResponse(call, context, received, attempt);
  logAttempt(call, context, result, attempt, performance.now() - startedAt);
  return result;
}

interface Received {
  response: Response;
  body: unknown;
}

/**
 * Sends the request and reads the body under the attempt's timeout. Whatever goes wrong on the
 * way (no connection, timeout, cancel, a body that breaks off) comes back as a failure.
 */
async function receive(call: Call, context: AttemptContext): Promise<Received | AttemptFailure> {
  const headers = new Headers(call.headers);
  applyAuth(context.auth ?? { type: "none" }, headers, context.url);
  const attemptSignal = createAttemptSignal(
    poolEnforcesTimeout(call) ? undefined : call.timeoutMs,
    call.signal,
  );
  const { signal } = attemptSignal;
  let status: number | undefined;
  try {
    const response = await send(call, context.url, headers, signal);
    status = response.status;
    return { response, body: await readBody(call, response) };
  } catch (error) {
    if (error instanceof InvalidJsonError) {
      return invalidJsonFailure(call, context, error, status);
    }
    return transportFailure(call, context, error, attemptSignal.timedOut);
  } finally {
    // A stream is still being read by the caller: only the timer stops, their signal stays linked.
    attemptSignal.release({ keepCallerLink: call.request.responseType === "stream" });
  }
}

/** A success is read as the caller asked; a failure for its explanation. */
function readBody(call: Call, response: Response): Promise<unknown> {
  const successStatus = response.status >= 200 && response.status < 300;
  return successStatus
    ? readResponseBody(response, call.request.responseType, call.method)
    : readErrorBody(response, call.method);
}

async function prepareAttempt(call: Call): Promise<AttemptContext> {
  const clientAuth = call.options.auth;
  const requestAuth = call.request.auth;
  let auth: HttpAuth | undefined;
  if (requestAuth === false) auth = undefined;
  else if (requestAuth) auth = requestAuth;
  else if (isAuthProvider(clientAuth)) auth = await clientAuth.get();
  else auth = clientAuth;
  const url = new URL(call.url);
  // The redactor and the display URL serve only errors and debug logs: built on first use.
  let redactor: Redactor | undefined;
  let displayUrl: string | undefined;
  return {
    auth,
    url,
    get redactor() {
      if (!redactor) {
        const secrets: unknown[] = [...authSecrets(auth)];
        if (isAuthProvider(clientAuth)) secrets.push(...providerSecrets(clientAuth));
        else secrets.push(...authSecrets(clientAuth));
        redactor = createRedactor(secrets);
      }
      return redactor;
    },
    get displayUrl() {
      displayUrl ??= urlForDisplay(url, auth);
      return displayUrl;
    },
  };
}

function urlForDisplay(url: URL, auth: HttpAuth | undefined): string {
  if (auth?.type !== "query") return url.toString();
  const copy = new URL(url);
  copy.searchParams.set(auth.name, REDACTED);
  return copy.toString().replace(escapeFormComponent(REDACTED), REDACTED);
}

/** The URL a response reports: without a query credential. */
function urlWithoutCredentials(url: string, auth: HttpAuth | undefined): string {
  if (auth?.type !== "query") return url;
  try {
    const copy = new URL(url);
    copy.searchParams.delete(auth.name);
    return copy.toString();
  } catch {
    return url;
  }
}

interface AttemptSignal {
  signal: AbortSignal | undefined;
  /** The attempt's own timer fired (not the caller's signal). */
  readonly timedOut: boolean;
  release(options: { keepCallerLink: boolean }): void;
}

/**
 * The signal of one attempt: aborted by its timeout or by the caller's signal. Not built from
 * `AbortSignal.timeout` and `AbortSignal.any`: that timeout cannot be cleared (it would cut off
 * a stream the caller is still reading), and `AbortSignal.any` over a long-lived caller signal
 * leaks on Node 20 and 22 (nodejs/node#54614). Here the timer is cleared and the listener on the
 * caller's signal removed once the attempt is over.
 */
function createAttemptSignal(
  timeoutMs: number | undefined,
  callerSignal: AbortSignal | undefined,
): AttemptSignal {
  const caller = callerSignal === NEVER_ABORTED ? undefined : callerSignal;
  // The pool times the attempt out and nobody can abort it: fetch needs no signal at all.
  if (timeoutMs === undefined && caller === undefined) {
    return { signal: undefined, timedOut: false, release() {} };
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`No response within ${timeoutMs} ms`, "TimeoutError"));
        }, timeoutMs);
  // Never handed to fetch directly: fetch would leave a listener on a long-lived caller signal.
  const onCallerAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    release({ keepCallerLink }) {
      if (timer !== undefined) clearTimeout(timer);
      if (!keepCallerLink) caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}

/**
 * Sends with undici's own `request` on the shared pool: what every call on the runtime's native
 * fetch takes, about twice cheaper than `fetch` (no WHATWG Request, no handler bridging between
 * Node's bundled undici and this one). Test doubles and proxies only see `fetch`, so calls with
 * a custom or patched fetch, multipart bodies and streamed responses keep to `fetch`; the
 * loopback tests in http-transport.test.ts cover this path.
 */
async function sendDirect(
  call: Call,
  url: URL,
  headers: Headers,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const dispatcher = await getDirectDispatcher(call.timeoutMs);
  const requestHeaders: Record<string, string> = {};
  headers.forEach((value, name) => {
    requestHeaders[name] = value;
  });
  const answer = await dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: call.method,
    headers: requestHeaders,
    body: call.body.body as string | Uint8Array | undefined,
    ...(signal ? { signal } : {}),
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
  }
  const bytes = new Uint8Array(await answer.body.arrayBuffer());
  // Statuses that may carry no body, and a few a Response cannot be built with, keep none.
  const bodyless = [101, 103, 204, 205, 304].includes(answer.statusCode);
  const response = new Response(bodyless ? null : bytes, {
    status: answer.statusCode,
    headers: responseHeaders,
  });
  Object.defineProperty(response, "url", { value: url.toString() });
  return response;
}

async function send(
  call: Call,
  url: URL,
  headers: Headers,
  signal: AbortSignal | undefined,
): Promise<Response> {
  if (poolEnforcesTimeout(call) && !call.body.multipart) {
    return sendDirect(call, url, headers, signal);
  }
  const fetchImplementation = call.options.fetch ?? globalThis.fetch;
  // The dispatcher is an npm-undici Agent, not the type of the undici bundled with Node.
  const init: Omit<RequestInit, "dispatcher"> & { dispatcher?: unknown } = {
    method: call.method,
    headers,
    redirect: "follow",
  };
  if (signal) init.signal = signal;
  if (call.body.body !== undefined) init.body = call.body.body as RequestInit["body"];
  const usesSharedAgent = call.options.dispatcher === undefined && !sharedAgentRefused;
  init.dispatcher =
    call.options.dispatcher ??
    (usesSharedAgent
      ? await getSharedDispatcher(call.timeoutMs, {
          streaming: call.request.responseType === "stream",
        })
      : undefined);
  try {
    return await fetchImplementation(url, init as RequestInit);
  } catch (error) {
    if (!usesSharedAgent || !isDispatcherMismatch(error) || signal?.aborted) throw error;
    sharedAgentRefused = true;
    call.options.logger?.warn(
      "This runtime's fetch refused the shared undici Agent; pooling falls back to fetch's own.",
    );
    init.dispatcher = undefined;
    return await fetchImplementation(url, init as RequestInit);
  }
}

function classifyResponse(
  call: Call,
  context: AttemptContext,
  received: Received,
  attempt: number,
): AttemptResult {
  const { response, body } = received;
  const { status, headers } = response;
  const input: ClassifyInput = { status, headers, body, request: call.request };
  const fromHook = call.options.classify?.(input);
  const classification = fromHook ?? classifyByStatus(call, input);
  if (classification.outcome === "success") {
    const url = urlWithoutCredentials(response.url || context.url.toString(), context.auth);
    return { kind: "success", response: { status, headers, body, url, attempts: attempt } };
  }
  const retrying = classification.outcome === "retry";
  const retryAfterMs = retrying
    ? (classification.retryAfterMs ?? classification.error.retryAfterMs ?? parseRetryAfter(headers))
    : classification.error.retryAfterMs;
  return failure(redactError(classification.error, context.redactor, { status, retryAfterMs }), {
    retryable: retrying,
    // A connector's hook that asks for a retry knows the request was not processed; so does a
    // 429 (RFC 6585: the server refused it). The default rules' other retries stay with safe
    // methods and idempotency keys: a 5xx may come after the write happened.
    retryRequestedByClassifier: retrying && (fromHook !== undefined || status === 429),
    status,
    retryAfterMs,
  });
}

/**
 * The default rules: 2xx is success; anything else fails with the code for its status and the
 * provider's own message; 408, 429 and 5xx may be retried.
 */
function classifyByStatus(call: Call, input: ClassifyInput): ResponseClassification {
  const { status, headers, body } = input;
  if (status >= 200 && status < 300) return { outcome: "success" };
  const provider = extractProviderError(body);
  const retryable = isRetryableStatus(status);
  const retryAfterMs = retryable ? parseRetryAfter(headers) : undefined;
  const error = new ConnectorError(
    errorCodeForStatus(status),
    httpFailureMessage(call.method, call.displayPath, status, provider.message),
    {
      status,
      retryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(provider.code === undefined ? {} : { providerCode: provider.code }),
    },
  );
  return retryable ? { outcome: "retry", error, retryAfterMs } : { outcome: "fail", error };
}

/**
 * The message of a failed response, `GET /repos/x/y failed with HTTP 404: Not Found`: the path
 * without its query string, then the provider's own message when it gave one. For classifiers
 * that want their errors to read like the client's.
 */
export function httpFailureMessage(
  method: string,
  path: string,
  status: number,
  providerMessage?: string,
): string {
  const base = `${method} ${pathWithoutQuery(path)} failed with HTTP ${status}`;
  return providerMessage ? `${base}: ${providerMessage}` : base;
}

function invalidJsonFailure(
  call: Call,
  context: AttemptContext,
  error: InvalidJsonError,
  status: number | undefined,
): AttemptFailure {
  const connectorError = new ConnectorError(
    "UPSTREAM",
    `${call.method} ${call.displayPath} answered HTTP ${status} with a body that is not valid JSON.`,
    { status, retryable: false, cause: error },
  );
  return failure(redactError(connectorError, context.redactor, {}), { status });
}

function transportFailure(
  call: Call,
  context: AttemptContext,
  error: unknown,
  timedOut: boolean,
): AttemptFailure {
  if (call.signal?.aborted) {
    return failure(abortedError(call, call.signal.reason), { aborted: true });
  }
  if (ConnectorError.is(error)) {
    return failure(redactError(error, context.redactor, {}), { retryable: error.retryable });
  }
  if (timedOut || isPoolTimeout(error)) {
    const timeoutError = new ConnectorError(
      "TIMEOUT",
      `${call.method} ${call.displayPath} got no response within ${call.timeoutMs} ms.`,
      { cause: error },
    );
    return failure(timeoutError, { retryable: true });
  }
  const networkError = new ConnectorError(
    "NETWORK",
    `${call.method} ${call.displayPath} could not reach the provider: ${describeNetworkError(error)}`,
    { cause: error },
  );
  return failure(redactError(networkError, context.redactor, {}), { retryable: true });
}

function failure(
  error: ConnectorError,
  fields: Partial<Omit<AttemptFailure, "kind" | "error">>,
): AttemptFailure {
  return {
    kind: "failure",
    error,
    retryable: false,
    retryRequestedByClassifier: false,
    aborted: false,
    status: undefined,
    retryAfterMs: undefined,
    ...fields,
  };
}

/** `ECONNREFUSED`, `UND_ERR_SOCKET: other side closed`, or the error's own message. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const parts = [cause?.code, cause?.message, (error as Error | undefined)?.message].filter(
    (part): part is string => typeof part === "string" && part !== "",
  );
  return [...new Set(parts)].join(": ") || "unknown network error";
}

/**
 * The error with every known secret masked in its message and details, the response's status
 * and retry-after filled in when the classifier left them out.
 */
function redactError(
  error: ConnectorError,
  redactor: Redactor,
  fill: { status?: number; retryAfterMs?: number | undefined },
): ConnectorError {
  const message = redactor.redactText(error.message);
  const status = error.status ?? fill.status;
  const retryAfterMs = error.retryAfterMs ?? fill.retryAfterMs;
  const unchanged =
    message === error.message &&
    status === error.status &&
    retryAfterMs === error.retryAfterMs &&
    error.details === undefined;
  if (unchanged) return error;
  return new ConnectorError(error.code, message, {
    retryable: error.retryable,
    status,
    retryAfterMs,
    providerCode: error.providerCode,
    details: error.details === undefined ? undefined : redactor.redact(error.details),
    cause: error.cause,
  });
}

function logAttempt(
  call: Call,
  context: AttemptContext,
  result: AttemptResult,
  attempt: number,
  durationMs: number,
): void {
  const logger = call.options.logger;
  if (!logger || logger.isLevelEnabled?.("debug") === false) return;
  const fields: Record<string, unknown> = {
    method: call.method,
    url: context.displayUrl,
    attempt,
    durationMs: Math.round(durationMs),
  };
  if (result.kind === "success") fields.status = result.response.status;
  else {
    if (result.status !== undefined) fields.status = result.status;
    fields.error = result.error.code;
  }
  logger.debug("HTTP attempt", context.redactor.redact(fields));
}
