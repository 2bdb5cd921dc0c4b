import {
  type ClassifyInput,
  ConnectorError,
  type ErrorCode,
  type HttpClient,
  type HttpResponse,
  paginateBodyCursor,
  parseRetryAfter,
  type QueryParams,
  type ResponseClassification,
} from "@triggo/shared";

/** The Web API's base URL: every method is `https://slack.com/api/{method}`. */
export const SLACK_API_URL = "https://slack.com/api";

/**
 * Slack's recommended Content-Type for JSON bodies ("Using the Slack Web API" > JSON-encoded
 * bodies): without the charset Slack answers with a `missing_charset` warning.
 */
export const SLACK_JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/**
 * The `error` values of an `ok: false` answer, by the ConnectorError code they mean. Taken from the
 * method reference pages (Errors tables) of the methods this connector calls and the errors every
 * method shares.
 */
const ERROR_CODES_BY_SLACK_ERROR: Readonly<Record<string, ErrorCode>> = {
  // The token is wrong, revoked or belongs to a deactivated user or removed app.
  invalid_auth: "AUTH_INVALID",
  not_authed: "AUTH_INVALID",
  account_inactive: "AUTH_INVALID",
  token_revoked: "AUTH_INVALID",
  // Token rotation is on and the access token has expired.
  token_expired: "AUTH_EXPIRED",
  // The token works but may not do this.
  missing_scope: "FORBIDDEN",
  not_allowed_token_type: "FORBIDDEN",
  no_permission: "FORBIDDEN",
  access_denied: "FORBIDDEN",
  accesslimited: "FORBIDDEN",
  app_access_restricted: "FORBIDDEN",
  ekm_access_denied: "FORBIDDEN",
  enterprise_is_restricted: "FORBIDDEN",
  two_factor_setup_required: "FORBIDDEN",
  restricted_action: "FORBIDDEN",
  restricted_action_read_only_channel: "FORBIDDEN",
  restricted_action_thread_only_channel: "FORBIDDEN",
  restricted_action_non_threadable_channel: "FORBIDDEN",
  restricted_action_thread_locked: "FORBIDDEN",
  not_in_channel: "FORBIDDEN",
  posting_to_channel_denied: "FORBIDDEN",
  cant_update_message: "FORBIDDEN",
  cant_delete_message: "FORBIDDEN",
  compliance_exports_prevent_deletion: "FORBIDDEN",
  edit_window_closed: "FORBIDDEN",
  cant_invite: "FORBIDDEN",
  user_is_bot: "FORBIDDEN",
  user_is_restricted: "FORBIDDEN",
  user_is_ultra_restricted: "FORBIDDEN",
  messages_tab_disabled: "FORBIDDEN",
  file_uploads_disabled: "FORBIDDEN",
  file_uploads_except_images_disabled: "FORBIDDEN",
  file_type_not_allowed: "FORBIDDEN",
  file_upload_size_restricted: "FORBIDDEN",
  storage_limit_reached: "FORBIDDEN",
  user_not_visible: "FORBIDDEN",
  channel_is_limited_access: "FORBIDDEN",
  // What the call names does not exist (or the token cannot see it).
  channel_not_found: "NOT_FOUND",
  user_not_found: "NOT_FOUND",
  users_not_found: "NOT_FOUND",
  message_not_found: "NOT_FOUND",
  thread_not_found: "NOT_FOUND",
  file_not_found: "NOT_FOUND",
  invalid_channel: "NOT_FOUND",
  team_not_found: "NOT_FOUND",
  // The method itself is unknown or retired (custom_api_call).
  unknown_method: "NOT_FOUND",
  method_deprecated: "NOT_FOUND",
  deprecated_endpoint: "NOT_FOUND",
  // The state forbids it.
  is_archived: "CONFLICT",
  name_taken: "CONFLICT",
  already_reacted: "CONFLICT",
  already_in_channel: "CONFLICT",
  user_disabled: "CONFLICT",
  // Rate limits: `ratelimited` (HTTP 429 with Retry-After) and chat.postMessage's `rate_limited`.
  ratelimited: "RATE_LIMITED",
  rate_limited: "RATE_LIMITED",
  message_limit_exceeded: "RATE_LIMITED",
  // Slack's own failures.
  internal_error: "UPSTREAM",
  fatal_error: "UPSTREAM",
  service_unavailable: "UPSTREAM",
  request_timeout: "UPSTREAM",
  team_added_to_org: "UPSTREAM",
  org_login_required: "UPSTREAM",
  file_update_failed: "UPSTREAM",
};

/** The arguments were refused. Everything not listed above that starts `invalid_` is too. */
const VALIDATION_ERRORS = [
  "invalid_arguments",
  "invalid_arg_name",
  "invalid_array_arg",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_charset",
  "invalid_form_data",
  "invalid_post_type",
  "missing_post_type",
  "invalid_json",
  "json_not_object",
  "too_many_attachments",
  "msg_too_long",
  "msg_blocks_too_long",
  "no_text",
  "markdown_text_conflict",
  "attachment_payload_limit_exceeded",
  "cannot_reply_to_message",
  "metadata_too_large",
  "missing_argument",
  "bad_timestamp",
  "no_item_specified",
  "too_many_emoji",
  "too_many_reactions",
  "time_in_past",
  "time_too_far",
  "too_long",
  "no_channel",
  "no_user",
  "cant_invite_self",
  "too_many_users",
  "not_enough_users",
  "users_list_not_supplied",
  "method_not_supported_for_channel_type",
  "channels_limit_exceeded",
  "alt_txt_too_large",
  "snippet_too_large",
  "limit_required",
];

/** Errors after which Slack did nothing: sending the same call again is safe, even a write. */
const SAFE_TO_REPEAT = new Set([
  "ratelimited",
  "rate_limited",
  "service_unavailable",
  "request_timeout",
]);

/** Errors worth a later attempt; for writes Slack warns that part of the call may have run. */
const TRANSIENT = new Set([
  ...SAFE_TO_REPEAT,
  "internal_error",
  "fatal_error",
  "team_added_to_org",
]);

/** The ConnectorError code for one of Slack's `error` values. */
export function errorCodeForSlackError(error: string): ErrorCode {
  const known = ERROR_CODES_BY_SLACK_ERROR[error];
  if (known) return known;
  if (VALIDATION_ERRORS.includes(error) || error.startsWith("invalid_")) return "VALIDATION";
  if (error.endsWith("_not_found")) return "NOT_FOUND";
  return "UNKNOWN";
}

/** What Slack answers for every method: `ok`, and `error` (plus details) when it is false. */
export interface SlackEnvelope {
  ok?: boolean;
  error?: string;
  warning?: string;
  /** For missing_scope: the scope the method needs and the scopes the token has. */
  needed?: string;
  provided?: string;
  response_metadata?: { next_cursor?: string; messages?: string[]; warnings?: string[] };
}

function asEnvelope(body: unknown): SlackEnvelope | undefined {
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as SlackEnvelope)
    : undefined;
}

/** The Web API method a request calls: `chat.postMessage` for `/chat.postMessage?x=1`. */
function methodName(path: string): string {
  const withoutQuery = path.split("?")[0] ?? path;
  return withoutQuery.replace(/^.*\/api\//, "").replace(/^\//, "");
}

/** The most of Slack's details a message quotes (a long list of block errors is cut). */
const MAX_DETAIL_LENGTH = 500;

/** `chat.postMessage failed: invalid_blocks (detail; detail)`, plus the scope a token lacks. */
function slackFailureMessage(path: string, envelope: SlackEnvelope, error: string): string {
  const details = [...(envelope.response_metadata?.messages ?? [])];
  if (envelope.needed) {
    details.push(
      `needs the ${envelope.needed} scope${envelope.provided ? `; the token has ${envelope.provided}` : ""}`,
    );
  }
  const detail = details.join("; ");
  const shortened =
    detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 1)}…` : detail;
  const suffix = shortened ? ` (${shortened})` : "";
  return `Slack ${methodName(path)} failed: ${error}${suffix}`;
}

/**
 * Reads Slack's answers. Slack reports almost every failure with HTTP 200 and
 * `{ ok: false, error }` ("Using the Slack Web API" > Evaluating responses): the `error` becomes
 * the provider code and picks the ConnectorError code, `response_metadata.messages` (e.g. what is
 * wrong with the blocks) and missing_scope's `needed` scope go into the message.
 *
 * Rate limits ("Rate limits"): HTTP 429 with `Retry-After` seconds, on any method. Slack refused
 * the call, so it is retried after that wait even for a write. The same holds for
 * `service_unavailable` and `request_timeout` (the request never arrived whole). `internal_error`
 * and `fatal_error` are retried for reads only: Slack warns that part of a write may have run,
 * so a write fails with a retryable error and the caller decides.
 */
export function classifySlackResponse({
  status,
  headers,
  body,
  request,
}: ClassifyInput): ResponseClassification | undefined {
  const envelope = asEnvelope(body);
  const error =
    envelope?.ok === false
      ? (envelope.error ?? "unknown_error")
      : status === 429
        ? "ratelimited"
        : undefined;
  if (error === undefined)
    return status >= 200 && status < 300 ? { outcome: "success" } : undefined;

  const code = status === 429 ? "RATE_LIMITED" : errorCodeForSlackError(error);
  const retryAfterMs = code === "RATE_LIMITED" ? parseRetryAfter(headers) : undefined;
  const transient = TRANSIENT.has(error) || status === 429;
  const connectorError = new ConnectorError(
    code,
    slackFailureMessage(request.path, envelope ?? {}, error),
    {
      status,
      providerCode: error,
      retryable: transient,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  );
  const isRead = (request.method ?? "GET") === "GET";
  const repeat = status === 429 || SAFE_TO_REPEAT.has(error) || (transient && isRead);
  return repeat
    ? {
        outcome: "retry",
        error: connectorError,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }
    : { outcome: "fail", error: connectorError };
}

/** Options every Slack call takes. */
export interface SlackCallOptions {
  signal?: AbortSignal;
}

/**
 * Calls a write method with a JSON body (`POST /chat.postMessage`), as Slack recommends for methods
 * that accept JSON; `undefined` fields are left out.
 */
export async function postSlackJson<T extends SlackEnvelope>(
  http: HttpClient,
  method: string,
  fields: Record<string, unknown>,
  options: SlackCallOptions = {},
): Promise<T> {
  const json = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  const response: HttpResponse<T> = await http.post<T>(
    `/${method}`,
    { json },
    {
      headers: { "content-type": SLACK_JSON_CONTENT_TYPE },
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return response.body;
}

/**
 * Calls a method with URL-encoded form fields, for write methods that do not accept JSON (such
 * as files.getUploadURLExternal).
 */
export async function postSlackForm<T extends SlackEnvelope>(
  http: HttpClient,
  method: string,
  fields: Record<string, string | number | boolean | undefined>,
  options: SlackCallOptions = {},
): Promise<T> {
  const response = await http.post<T>(
    `/${method}`,
    { form: fields },
    {
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return response.body;
}

/** Calls a read method with GET and query parameters (conversations.list, users.lookupByEmail). */
export async function getSlack<T extends SlackEnvelope>(
  http: HttpClient,
  method: string,
  query: QueryParams,
  options: SlackCallOptions = {},
): Promise<T> {
  const response = await http.get<T>(`/${method}`, {
    query,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return response.body;
}

/** What `listSlack` needs: the read method, its arguments, where its items are, how many. */
export interface SlackListRequest {
  method: string;
  query: QueryParams;
  /** The array that holds the items: `channels`, `members`, `messages`. */
  items: string;
  /** The most items to return. */
  limit: number;
  /** Items asked per page (Slack's `limit`); Slack may return fewer. */
  pageSize: number;
  signal?: AbortSignal;
}

/**
 * Reads a cursor-paginated read method page after page ("Pagination"): GET with `limit`, then
 * `cursor` = the previous page's `response_metadata.next_cursor` until Slack gives an empty one,
 * or until `limit` items.
 */
export function listSlack<Item>(http: HttpClient, request: SlackListRequest): AsyncGenerator<Item> {
  return paginateBodyCursor<Item>(
    http,
    {
      method: "GET",
      path: `/${request.method}`,
      query: { ...request.query, limit: Math.min(request.pageSize, request.limit) },
      ...(request.signal ? { signal: request.signal } : {}),
    },
    { items: request.items, maxItems: request.limit },
  );
}

/**
 * A point in time as Slack's `oldest`, `latest` and `post_at` take it: Unix seconds. With
 * `fraction`, Slack's message-timestamp form with six decimals (`1512085950.000216`).
 */
export function toSlackTimestamp(isoDateTime: string, fraction = true): string {
  const milliseconds = new Date(isoDateTime).getTime();
  if (!fraction) return String(Math.floor(milliseconds / 1000));
  const seconds = Math.floor(milliseconds / 1000);
  const micros = (milliseconds - seconds * 1000) * 1000;
  return `${seconds}.${String(micros).padStart(6, "0")}`;
}

/**
 * A message `ts` (`1512085950.000216`) as epoch milliseconds, keeping its microseconds as the
 * fraction: distinct timestamps stay distinct and ordered.
 */
export function slackTsToMilliseconds(ts: string): number {
  const [seconds = "0", fraction = ""] = ts.split(".");
  const micros = Number(fraction.padEnd(6, "0").slice(0, 6));
  return Number(seconds) * 1000 + micros / 1000;
}

/** A message `ts` as an ISO 8601 time, to the millisecond. */
export function slackTsToIso(ts: string): string {
  return new Date(Math.floor(slackTsToMilliseconds(ts))).toISOString();
}
