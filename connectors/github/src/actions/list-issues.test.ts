import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { github } from "../github-connector";
import {
  expectGitHubHeaders,
  gitHubError,
  gitHubIssue,
  githubHandlers,
  pagedResponse,
  TEST_TOKEN,
} from "../mocks";

const issuesUrl = "https://api.github.com/repos/octocat/Hello-World/issues";
const repository = { owner: "octocat", repo: "Hello-World" };

/** 250 issues, newest first; every fifth one is a pull request. */
const issues = Array.from({ length: 250 }, (_, index) =>
  gitHubIssue(250 - index, { pullRequest: index % 5 === 4 }),
);

function useIssues(api: ReturnType<typeof useMockApi>) {
  api.use(http.get(issuesUrl, ({ request }) => pagedResponse(request, issues)));
}

type Result = { items: { number: number; pull_request?: unknown }[] };

describe("list_issues", () => {
  const api = useMockApi(...githubHandlers);

  it("sends the filters in GitHub's formats", async () => {
    await runAction(github, "list_issues", {
      auth: TEST_TOKEN,
      props: {
        ...repository,
        state: "all",
        labels: ["bug", "ui"],
        assignee: "octocat",
        creator: "hubot",
        mentioned: "monalisa",
        milestone: "*",
        since: "2024-05-01T10:00:00+02:00",
        sort: "updated",
        direction: "asc",
        limit: 10,
      },
    });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: issuesUrl });
    expect(call.query).toEqual({
      state: "all",
      labels: "bug,ui",
      assignee: "octocat",
      creator: "hubot",
      mentioned: "monalisa",
      milestone: "*",
      since: "2024-05-01T08:00:00.000Z",
      sort: "updated",
      direction: "asc",
      per_page: "10",
    });
    expectGitHubHeaders(call);
  });

  it("leaves pull requests out without counting them, reading pages by the Link header", async () => {
    useIssues(api);
    const result = (await runAction(github, "list_issues", {
      auth: TEST_TOKEN,
      props: { ...repository, limit: 150 },
    })) as Result;
    expect(result.items).toHaveLength(150);
    expect(result.items.some((item) => item.pull_request)).toBe(false);
    expect(result.items[0]?.number).toBe(250);
    // 150 issues need 188 listed items (every fifth is a pull request): two pages of 100.
    expect(api.calls.map((call) => call.query)).toEqual([
      { per_page: "100" },
      { per_page: "100", page: "2" },
    ]);
  });

  it("keeps pull requests when asked, and stops at the limit without another page", async () => {
    useIssues(api);
    const result = (await runAction(github, "list_issues", {
      auth: TEST_TOKEN,
      props: { ...repository, include_pull_requests: true, limit: 100 },
    })) as Result;
    expect(result.items).toHaveLength(100);
    expect(result.items.filter((item) => item.pull_request)).toHaveLength(20);
    expect(api.calls).toHaveLength(1);
  });

  it("reads to the last page when the limit is not reached", async () => {
    useIssues(api);
    const result = (await runAction(github, "list_issues", {
      auth: TEST_TOKEN,
      props: { ...repository, include_pull_requests: true, limit: 1000 },
    })) as Result;
    expect(result.items).toHaveLength(250);
    expect(api.calls).toHaveLength(3);
  });

  it("maps a missing repository to NOT_FOUND", async () => {
    api.use(http.get(issuesUrl, () => gitHubError(404, "Not Found")));
    await expect(
      runAction(github, "list_issues", { auth: TEST_TOKEN, props: repository }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
