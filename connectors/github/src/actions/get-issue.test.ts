import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import issueFixture from "../__fixtures__/issue.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const issueUrl = "https://api.github.com/repos/octocat/Hello-World/issues/1347";
const props = { owner: "octocat", repo: "Hello-World", issue_number: 1347 };

describe("get_issue", () => {
  const api = useMockApi(...githubHandlers);

  it("sends GET /repos/{owner}/{repo}/issues/{issue_number} and returns the issue", async () => {
    await expect(runAction(github, "get_issue", { auth: TEST_TOKEN, props })).resolves.toEqual(
      issueFixture,
    );
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: issueUrl, rawBody: "" });
    expectGitHubHeaders(call);
    expect(call.headers["user-agent"]).toMatch(/^triggo-github\/\d+\.\d+\.\d+ /);
  });

  it("escapes the owner and repository in the path", async () => {
    await runAction(github, "get_issue", {
      auth: TEST_TOKEN,
      props: { ...props, owner: "octo/../cat" },
    });
    expect(api.lastCall().path).toBe("/repos/octo%2F..%2Fcat/Hello-World/issues/1347");
  });

  it("maps a 404 to NOT_FOUND with GitHub's message", async () => {
    api.use(http.get(issueUrl, () => gitHubError(404, "Not Found")));
    await expect(runAction(github, "get_issue", { auth: TEST_TOKEN, props })).rejects.toMatchObject(
      {
        code: "NOT_FOUND",
        status: 404,
        message:
          "GET /repos/octocat/Hello-World/issues/1347 failed with HTTP 404: Not Found (see https://docs.github.com/rest)",
      },
    );
  });

  it("retries a 5xx, as reading is safe to repeat", async () => {
    api.use(http.get(issueUrl, () => gitHubError(503, "Service unavailable"), { once: true }));
    await expect(runAction(github, "get_issue", { auth: TEST_TOKEN, props })).resolves.toEqual(
      issueFixture,
    );
    expect(api.callsTo("GET", issueUrl)).toHaveLength(2);
  });

  it("refuses an issue number that is not a positive integer", async () => {
    await expect(
      runAction(github, "get_issue", { auth: TEST_TOKEN, props: { ...props, issue_number: 1.5 } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });
});
