import { describe, expect, it } from "vitest";
import {
  classifyGitHubResponse,
  contentsPath,
  gitHubErrorText,
  gitHubRateLimitWait,
  repoPath,
} from "./github-http";

const request = { method: "POST" as const, path: "/repos/octocat/Hello-World/issues?x=1" };

function classify(status: number, body: unknown, headers: Record<string, string> = {}) {
  return classifyGitHubResponse({ status, body, headers: new Headers(headers), request });
}

function errorOf(result: ReturnType<typeof classify>) {
  if (!result || result.outcome === "success") throw new Error("expected a failure");
  return result.error;
}

describe("classifyGitHubResponse", () => {
  it("leaves successes, and 5xx of requests safe to repeat, to the default rules", () => {
    expect(classify(200, {})).toBeUndefined();
    expect(classify(201, {})).toBeUndefined();
    const get = { method: "GET" as const, path: "/user" };
    const status = 502;
    expect(
      classifyGitHubResponse({ status, body: {}, headers: new Headers(), request: get }),
    ).toBeUndefined();
    const keyed = { ...request, idempotencyKey: "k1" };
    expect(
      classifyGitHubResponse({ status, body: {}, headers: new Headers(), request: keyed }),
    ).toBeUndefined();
  });

  it("fails a POST's 5xx or 408 at once: it may have been done", () => {
    expect(classify(502, { message: "Server Error" })).toMatchObject({ outcome: "fail" });
    expect(errorOf(classify(502, { message: "Server Error" }))).toMatchObject({
      code: "UPSTREAM",
      status: 502,
      retryable: true,
    });
    expect(errorOf(classify(408, {})).code).toBe("TIMEOUT");
  });

  it("retries the primary rate limit (403, x-ratelimit-remaining 0) after x-ratelimit-reset", () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    const result = classify(
      403,
      { message: "API rate limit exceeded for user ID 1." },
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
    );
    expect(result?.outcome).toBe("retry");
    const error = errorOf(result);
    expect(error).toMatchObject({
      code: "RATE_LIMITED",
      status: 403,
      retryable: true,
      providerCode: "primary_rate_limit",
    });
    expect(error.message).toBe(
      "POST /repos/octocat/Hello-World/issues failed with HTTP 403: API rate limit exceeded for user ID 1.",
    );
    expect(result?.outcome === "retry" && result.retryAfterMs).toBeGreaterThan(115_000);
    expect(result?.outcome === "retry" && result.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it("treats a 429 with x-ratelimit-remaining 0 the same way", () => {
    const result = classify(
      429,
      { message: "API rate limit exceeded" },
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1" },
    );
    expect(result).toMatchObject({ outcome: "retry", retryAfterMs: 0 });
    expect(errorOf(result).code).toBe("RATE_LIMITED");
  });

  it("retries a secondary rate limit after retry-after", () => {
    const result = classify(
      403,
      { message: "You have exceeded a secondary rate limit. Please wait a few minutes." },
      { "retry-after": "30", "x-ratelimit-remaining": "4990" },
    );
    expect(result).toMatchObject({ outcome: "retry", retryAfterMs: 30_000 });
    expect(errorOf(result)).toMatchObject({
      code: "RATE_LIMITED",
      providerCode: "secondary_rate_limit",
    });
  });

  it("waits at least a minute for a secondary rate limit that names no time", () => {
    const result = classify(403, {
      message: "You have exceeded a secondary rate limit and have been temporarily blocked.",
    });
    expect(result).toMatchObject({ outcome: "retry", retryAfterMs: 60_000 });
  });

  it("knows the primary rate limit by its message when the headers are missing", () => {
    const result = classify(403, { message: "API rate limit exceeded for user ID 1." });
    expect(result).toMatchObject({ outcome: "retry", retryAfterMs: 60_000 });
    expect(errorOf(result).providerCode).toBe("primary_rate_limit");
  });

  it("fails any other 403 with FORBIDDEN, not retried", () => {
    const result = classify(
      403,
      {
        message: "Resource not accessible by personal access token",
        documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
      },
      { "x-ratelimit-remaining": "4999" },
    );
    expect(result?.outcome).toBe("fail");
    expect(errorOf(result)).toMatchObject({
      code: "FORBIDDEN",
      status: 403,
      retryable: false,
      message:
        "POST /repos/octocat/Hello-World/issues failed with HTTP 403: Resource not accessible by personal access token (see https://docs.github.com/rest/issues/issues#create-an-issue)",
      details: { documentationUrl: "https://docs.github.com/rest/issues/issues#create-an-issue" },
    });
  });

  it.each([
    [401, "Bad credentials", "AUTH_INVALID"],
    [404, "Not Found", "NOT_FOUND"],
    [409, "Git Repository is empty.", "CONFLICT"],
    [410, "Issues are disabled for this repo", "NOT_FOUND"],
    [400, "Problems parsing JSON", "VALIDATION"],
  ])("maps %i to its code", (status, message, code) => {
    const result = classify(status, { message });
    expect(result?.outcome).toBe("fail");
    expect(errorOf(result)).toMatchObject({ code, status, retryable: false });
    expect(errorOf(result).message).toContain(message);
  });

  it("keeps every validation error of a 422: resource, field, code and message", () => {
    const result = classify(422, {
      message: "Validation Failed",
      errors: [
        { resource: "Issue", field: "title", code: "missing_field" },
        { resource: "Label", field: "name", code: "custom", message: "name is too long" },
        "Sha does not match",
      ],
      documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
    });
    expect(errorOf(result)).toMatchObject({
      code: "VALIDATION",
      status: 422,
      providerCode: "missing_field",
      message:
        "POST /repos/octocat/Hello-World/issues failed with HTTP 422: Validation Failed: Issue.title missing_field; Label.name name is too long; Sha does not match (see https://docs.github.com/rest/issues/issues#create-an-issue)",
    });
  });
});

describe("gitHubErrorText", () => {
  it("reads a text body and ignores what it cannot read", () => {
    expect(gitHubErrorText("Not Found")).toBe("Not Found");
    expect(gitHubErrorText(undefined)).toBeUndefined();
    expect(gitHubErrorText({})).toBeUndefined();
  });
});

describe("gitHubRateLimitWait", () => {
  it("prefers retry-after, then the reset time when nothing remains, else a minute", () => {
    const now = 1_700_000_000_000;
    expect(gitHubRateLimitWait(new Headers({ "retry-after": "5" }), now)).toBe(5000);
    expect(
      gitHubRateLimitWait(
        new Headers({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000042" }),
        now,
      ),
    ).toBe(42_000);
    expect(gitHubRateLimitWait(new Headers({ "x-ratelimit-reset": "1700000042" }), now)).toBe(
      60_000,
    );
  });
});

describe("paths", () => {
  it("escapes each segment", () => {
    expect(repoPath("octo cat", "a/b", "issues", 3)).toBe("/repos/octo%20cat/a%2Fb/issues/3");
  });

  it("keeps the slashes of a file path and drops empty segments", () => {
    expect(contentsPath("octocat", "Hello-World", "/docs/a b/#1.md")).toBe(
      "/repos/octocat/Hello-World/contents/docs/a%20b/%231.md",
    );
  });
});
