import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import issueFixture from "../__fixtures__/issue.json";
import { github } from "../github-connector";
import { gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const issuesUrl = "https://api.github.com/repos/octocat/Hello-World/issues";
const repository = { owner: "octocat", repo: "Hello-World" };

describe("create_issue", () => {
  const api = useMockApi(...githubHandlers);

  it("posts the issue as JSON with the token and API version, and returns it", async () => {
    await expect(
      runAction(github, "create_issue", {
        auth: TEST_TOKEN,
        props: {
          ...repository,
          title: "Found a bug",
          body: "I'm having a problem with this.",
          labels: ["bug"],
          assignees: ["octocat"],
          milestone: 1,
        },
      }),
    ).resolves.toEqual(issueFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: issuesUrl, query: {} });
    expect(call.headers).toMatchObject({
      authorization: `Bearer ${TEST_TOKEN}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2026-03-10",
      "content-type": "application/json",
    });
    expect(call.body).toEqual({
      title: "Found a bug",
      body: "I'm having a problem with this.",
      labels: ["bug"],
      assignees: ["octocat"],
      milestone: 1,
    });
  });

  it("sends only the title when nothing else is given", async () => {
    await runAction(github, "create_issue", {
      auth: TEST_TOKEN,
      props: { ...repository, title: "Found a bug" },
    });
    expect(api.lastCall().body).toEqual({ title: "Found a bug" });
  });

  it("maps GitHub's 410 for disabled issues to NOT_FOUND with its message", async () => {
    api.use(http.post(issuesUrl, () => gitHubError(410, "Issues are disabled for this repo")));
    await expect(
      runAction(github, "create_issue", { auth: TEST_TOKEN, props: { ...repository, title: "x" } }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      status: 410,
      message: expect.stringContaining("Issues are disabled for this repo"),
    });
  });

  it("is not sent again after a 5xx: a POST without an idempotency key could open it twice", async () => {
    api.use(http.post(issuesUrl, () => gitHubError(502, "Server Error")));
    await expect(
      runAction(github, "create_issue", { auth: TEST_TOKEN, props: { ...repository, title: "x" } }),
    ).rejects.toMatchObject({ code: "UPSTREAM" });
    expect(api.calls).toHaveLength(1);
  });

  it("waits out a primary rate limit until x-ratelimit-reset, then sends again", async () => {
    const reset = String(Math.floor(Date.now() / 1000) - 1);
    api.use(
      http.post(
        issuesUrl,
        () =>
          gitHubError(403, "API rate limit exceeded for user ID 1.", {
            headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
          }),
        { once: true },
      ),
    );
    await expect(
      runAction(github, "create_issue", { auth: TEST_TOKEN, props: { ...repository, title: "x" } }),
    ).resolves.toEqual(issueFixture);
    expect(api.callsTo("POST", issuesUrl)).toHaveLength(2);
  });

  it("fails at once with RATE_LIMITED when the reset is further than the call may wait", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 1800);
    api.use(
      http.post(issuesUrl, () =>
        gitHubError(429, "API rate limit exceeded for user ID 1.", {
          headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
        }),
      ),
    );
    const failure = runAction(github, "create_issue", {
      auth: TEST_TOKEN,
      props: { ...repository, title: "x" },
    });
    await expect(failure).rejects.toMatchObject({
      code: "RATE_LIMITED",
      providerCode: "primary_rate_limit",
      retryable: true,
    });
    const error = (await failure.catch((caught: unknown) => caught)) as { retryAfterMs: number };
    expect(error.retryAfterMs).toBeGreaterThan(1_790_000);
    expect(api.calls).toHaveLength(1);
  });

  it("honours a secondary rate limit's minute even without retry-after", async () => {
    api.use(
      http.post(issuesUrl, () =>
        gitHubError(403, "You have exceeded a secondary rate limit. Please wait a few minutes."),
      ),
    );
    const failure = runAction(github, "create_issue", {
      auth: TEST_TOKEN,
      props: { ...repository, title: "x" },
      retry: { baseDelayMs: 1, maxTotalWaitMs: 1000 },
    });
    await expect(failure).rejects.toMatchObject({
      code: "RATE_LIMITED",
      providerCode: "secondary_rate_limit",
    });
    // What is left of the minute when the call gives up: a few milliseconds may have passed.
    const error = (await failure.catch((caught: unknown) => caught)) as { retryAfterMs: number };
    expect(error.retryAfterMs).toBeGreaterThan(59_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(api.calls).toHaveLength(1);
  });

  it("retries a secondary rate limit after its retry-after", async () => {
    api.use(
      http.post(
        issuesUrl,
        () =>
          gitHubError(403, "You have exceeded a secondary rate limit.", {
            headers: { "retry-after": "0" },
          }),
        { once: true },
      ),
    );
    await runAction(github, "create_issue", {
      auth: TEST_TOKEN,
      props: { ...repository, title: "x" },
    });
    expect(api.callsTo("POST", issuesUrl)).toHaveLength(2);
  });

  it("refuses a call without a title before sending anything", async () => {
    await expect(
      runAction(github, "create_issue", { auth: TEST_TOKEN, props: repository }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });
});
