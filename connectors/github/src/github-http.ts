import {
  type ClassifyInput,
  ConnectorError,
  collect,
  type ErrorCode,
  type HttpClient,
  type HttpRequest,
  httpFailureMessage,
  isRetrySafe,
  paginateLinkHeader,
  type ResponseClassification,
} from "@triggo/shared";
import { z } from "zod";

/** The REST API's address on github.com. */
export const GITHUB_API_URL = "https://api.github.com";

/**
 * The REST API version every request pins (API Versions: "You should use the X-GitHub-Api-Version
 * header"). 2026-03-10 is the newest documented version; its breaking changes only remove
 * deprecated fields this connector does not read.
 */
export const GITHUB_API_VERSION = "2026-03-10";

/** Headers on every request: GitHub's recommended media type and the pinned API version. */
export const GITHUB_HEADERS = {
  accept: "application/vnd.github+json",
  "x-github-api-version": GITHUB_API_VERSION,
} as const;

/** The largest page most list endpoints give (`per_page`, "max 100"). */
export const GITHUB_MAX_PAGE_SIZE = 100;

/**
 * How long to wait after a secondary rate limit that names no time: "Otherwise, wait for at least
 * one minute before retrying" (Rate limits for the REST API > Exceeding the rate limit).
 */
export const SECONDARY_RATE_LIMIT_WAIT_MS = 60_000;

interface GitHubErrorBody {
  message?: unknown;
  documentation_url?: unknown;
  errors?: unknown;
}

/** One entry of a 422's `errors`: `{ resource, field, code, message? }`, or a plain string. */
function describeValidationError(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (typeof entry !== "object" || entry === null) return undefined;
  const { resource, field, code, message } = entry as Record<string, unknown>;
  const where = [resource, field].filter((part) => typeof part === "string" && part).join(".");
  const what = code === "custom" && typeof message === "string" ? message : code;
  const parts = [where, typeof what === "string" ? what : undefined].filter(Boolean).join(" ");
  if (typeof message === "string" && message && what !== message) {
    return parts ? `${parts} (${message})` : message;
  }
  return parts || undefined;
}

function firstErrorCode(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  const code = (errors[0] as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * GitHub's error body, `{ message, documentation_url, errors? }`, as one readable line: the
 * message, each validation error (resource.field code), then where the documentation explains it.
 */
export function gitHubErrorText(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim() || undefined;
  if (typeof body !== "object" || body === null) return undefined;
  const fields = body as GitHubErrorBody;
  const message = typeof fields.message === "string" ? fields.message : undefined;
  const details = Array.isArray(fields.errors)
    ? fields.errors.map(describeValidationError).filter((entry): entry is string => !!entry)
    : [];
  const documentation =
    typeof fields.documentation_url === "string" ? fields.documentation_url : undefined;
  const text = [message, details.length > 0 ? details.join("; ") : undefined]
    .filter(Boolean)
    .join(": ");
  if (!text) return undefined;
  return documentation ? `${text} (see ${documentation})` : text;
}

function secondsHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  if (!value || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

/**
 * How long a rate-limited response asks us to wait, by the documented precedence: `retry-after`
 * seconds; else, with `x-ratelimit-remaining: 0`, until `x-ratelimit-reset` (UTC epoch seconds);
 * else at least one minute.
 */
export function gitHubRateLimitWait(headers: Headers, nowMs: number = Date.now()): number {
  const retryAfter = secondsHeader(headers, "retry-after");
  if (retryAfter !== undefined) return Math.ceil(retryAfter * 1000);
  const reset = secondsHeader(headers, "x-ratelimit-reset");
  if (headers.get("x-ratelimit-remaining")?.trim() === "0" && reset !== undefined) {
    return Math.max(0, Math.ceil(reset * 1000 - nowMs));
  }
  return SECONDARY_RATE_LIMIT_WAIT_MS;
}

type RateLimitKind = "primary_rate_limit" | "secondary_rate_limit";

/**
 * Whether a 403 or 429 is a rate limit, and which: the primary one says `x-ratelimit-remaining: 0`;
 * a secondary one sends `retry-after` or a message naming it. A 429 is always a rate limit.
 */
function rateLimitKind(
  status: number,
  headers: Headers,
  message: string,
): RateLimitKind | undefined {
  if (status !== 403 && status !== 429) return undefined;
  if (/secondary rate limit|abuse detection/i.test(message)) return "secondary_rate_limit";
  if (headers.get("x-ratelimit-remaining")?.trim() === "0") return "primary_rate_limit";
  if (headers.has("retry-after") || status === 429) return "secondary_rate_limit";
  // "API rate limit exceeded for ..." without the headers (a proxy may drop them).
  if (/rate limit exceeded/i.test(message)) return "primary_rate_limit";
  return undefined;
}

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: "VALIDATION",
  401: "AUTH_INVALID",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  410: "NOT_FOUND",
  422: "VALIDATION",
};

/**
 * Reads GitHub's responses (Rate limits for the REST API; Troubleshooting the REST API):
 *
 * - 403 or 429 with `x-ratelimit-remaining: 0`: the primary limit, RATE_LIMITED, retried after
 *   `x-ratelimit-reset`; with `retry-after` or a message about a secondary rate limit: RATE_LIMITED,
 *   retried after `retry-after` or at least a minute. A wait longer than the call may spend fails
 *   at once, carrying `retryAfterMs`. Nothing was done, so even a POST is safe to send again.
 * - any other 403: FORBIDDEN (a missing scope or permission; not retried).
 * - 401 AUTH_INVALID, 404 and 410 NOT_FOUND, 409 CONFLICT, 400 and 422 VALIDATION, with GitHub's
 *   message, each `errors[]` entry and the `documentation_url`.
 *
 * Successes keep the default rules, and so do 408 and 5xx for requests that are safe to repeat
 * (retried, honouring Retry-After). A POST or PATCH (or a PUT sent with `idempotent: false`)
 * that timed out or met a 5xx may have been done, so it fails at once (UPSTREAM or TIMEOUT)
 * instead of opening an issue twice. (The shared
 * client would otherwise take the default rules' retry as this hook's request and repeat it.)
 */
export function classifyGitHubResponse({
  status,
  headers,
  body,
  request,
}: ClassifyInput): ResponseClassification | undefined {
  if (status < 400) return undefined;
  const method = request.method ?? "GET";
  const text = gitHubErrorText(body);
  const message = httpFailureMessage(method, request.path, status, text);
  if (status >= 500 || status === 408) {
    const repeatable =
      request.idempotencyKey !== undefined || (request.idempotent ?? isRetrySafe(method, false));
    if (repeatable) return undefined;
    return {
      outcome: "fail",
      error: new ConnectorError(status === 408 ? "TIMEOUT" : "UPSTREAM", message, { status }),
    };
  }
  const fields = typeof body === "object" && body !== null ? (body as GitHubErrorBody) : {};
  const documentationUrl =
    typeof fields.documentation_url === "string" ? fields.documentation_url : undefined;
  const details = documentationUrl ? { documentationUrl } : undefined;

  const rateLimit = rateLimitKind(status, headers, text ?? "");
  if (rateLimit) {
    const retryAfterMs = gitHubRateLimitWait(headers);
    return {
      outcome: "retry",
      retryAfterMs,
      error: new ConnectorError("RATE_LIMITED", message, {
        status,
        retryAfterMs,
        providerCode: rateLimit,
        ...(details ? { details } : {}),
      }),
    };
  }
  const providerCode = firstErrorCode(fields.errors);
  return {
    outcome: "fail",
    error: new ConnectorError(CODE_BY_STATUS[status] ?? "UNKNOWN", message, {
      status,
      ...(providerCode ? { providerCode } : {}),
      ...(details ? { details } : {}),
    }),
  };
}

/** `/repos/{owner}/{repo}` followed by more path segments, each escaped. */
export function repoPath(owner: string, repo: string, ...segments: (string | number)[]): string {
  return ["/repos", owner, repo, ...segments]
    .map((segment, index) => (index === 0 ? segment : encodeURIComponent(String(segment))))
    .join("/");
}

/** A file path inside a repository, each segment escaped but the slashes kept. */
export function contentsPath(owner: string, repo: string, filePath: string): string {
  const segments = filePath
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => encodeURIComponent(segment));
  return `${repoPath(owner, repo, "contents")}/${segments.join("/")}`;
}

/**
 * Reads a list endpoint page after page by its `Link: rel="next"` header, asking for as many items
 * per page as the limit needs (at most 100), and stops at `limit`. `keep` drops items before they
 * count (pull requests among issues).
 */
export async function collectPages<Item>(
  http: HttpClient,
  request: HttpRequest,
  options: {
    limit: number;
    /** Where a page keeps its items; search endpoints put them in `items`. */
    items?: string | ((body: unknown) => ReadonlyArray<Item>);
    keep?: (item: Item) => boolean;
  },
): Promise<Item[]> {
  const perPage = Math.min(options.limit, GITHUB_MAX_PAGE_SIZE);
  const pages = paginateLinkHeader<Item>(
    http,
    { ...request, query: { ...request.query, per_page: perPage } },
    {
      ...(options.items === undefined ? {} : { items: options.items }),
      ...(options.keep === undefined ? { maxItems: options.limit } : {}),
    },
  );
  const keep = options.keep;
  if (!keep) return collect(pages);
  return collect(filterItems(pages, keep), { max: options.limit });
}

async function* filterItems<Item>(
  items: AsyncIterable<Item>,
  keep: (item: Item) => boolean,
): AsyncGenerator<Item, void, undefined> {
  for await (const item of items) if (keep(item)) yield item;
}

// ---------------------------------------------------------------------------------------------
// Lenient schemas of the objects several actions and triggers return.

/** A user or organization as GitHub nests it (`user`, `owner`, `sender`...). */
export const gitHubUserSchema = z.looseObject({
  login: z.string(),
  id: z.number(),
  html_url: z.string().nullish(),
  type: z.string().nullish(),
});

export const gitHubLabelSchema = z.looseObject({
  id: z.number().nullish(),
  name: z.string(),
  color: z.string().nullish(),
  description: z.string().nullish(),
});

/** An issue (or a pull request seen as an issue: it then has `pull_request`). */
export const gitHubIssueSchema = z.looseObject({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  state: z.string(),
  html_url: z.string(),
  body: z.string().nullish(),
  user: gitHubUserSchema.nullish(),
  labels: z.array(z.union([z.string(), gitHubLabelSchema])).nullish(),
  assignees: z.array(gitHubUserSchema).nullish(),
  milestone: z.looseObject({ number: z.number(), title: z.string() }).nullish(),
  pull_request: z.looseObject({}).nullish(),
  state_reason: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
});

/** An issue or pull request, as the Issues endpoints return it. */
export type GitHubIssue = z.infer<typeof gitHubIssueSchema>;

/** A repository, as lists and webhook payloads carry it. */
export const gitHubRepositorySchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  private: z.boolean().nullish(),
  owner: gitHubUserSchema,
  html_url: z.string(),
  default_branch: z.string().nullish(),
});

/** A repository: its name, owner, visibility and default branch among others. */
export type GitHubRepository = z.infer<typeof gitHubRepositorySchema>;
