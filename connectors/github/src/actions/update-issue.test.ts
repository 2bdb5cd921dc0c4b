import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import issueFixture from "../__fixtures__/issue.json";
import { github } from "../github-connector";
import { gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const issueUrl = "https://api.github.com/repos/octocat/Hello-World/issues/1347";
const target = { owner: "octocat", repo: "Hello-World", issue_number: 1347 };

describe("update_issue", () => {
  const api = useMockApi(...githubHandlers);

  it("patches only the given fields and returns the issue", async () => {
    await expect(
      runAction(github, "update_issue", {
        auth: TEST_TOKEN,
        props: {
          ...target,
          title: "Found a bug",
          state: "closed",
          state_reason: "not_planned",
          labels: ["bug", "wontfix"],
          assignees: [],
          milestone: 2,
        },
      }),
    ).resolves.toEqual(issueFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "PATCH", endpoint: issueUrl });
    expect(call.headers).toMatchObject({
      authorization: `Bearer ${TEST_TOKEN}`,
      "x-github-api-version": "2026-03-10",
      "content-type": "application/json",
    });
    expect(call.body).toEqual({
      title: "Found a bug",
      state: "closed",
      state_reason: "not_planned",
      labels: ["bug", "wontfix"],
      assignees: [],
      milestone: 2,
    });
  });

  it("sends milestone: null to take the issue out of its milestone", async () => {
    await runAction(github, "update_issue", {
      auth: TEST_TOKEN,
      props: { ...target, remove_milestone: true, milestone: 2 },
    });
    expect(api.lastCall().body).toEqual({ milestone: null });
  });

  it("refuses a state GitHub does not know before sending anything", async () => {
    await expect(
      runAction(github, "update_issue", { auth: TEST_TOKEN, props: { ...target, state: "done" } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });

  it("maps a 403 without a rate limit to FORBIDDEN", async () => {
    api.use(
      http.patch(issueUrl, () =>
        gitHubError(403, "Must have admin rights to Repository.", {
          headers: { "x-ratelimit-remaining": "4000" },
        }),
      ),
    );
    await expect(
      runAction(github, "update_issue", { auth: TEST_TOKEN, props: { ...target, title: "x" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", status: 403, retryable: false });
    expect(api.calls).toHaveLength(1);
  });
});
