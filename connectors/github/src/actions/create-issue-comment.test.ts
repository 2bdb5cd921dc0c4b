import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import commentFixture from "../__fixtures__/issue-comment.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const commentsUrl = "https://api.github.com/repos/octocat/Hello-World/issues/1347/comments";
const props = { owner: "octocat", repo: "Hello-World", issue_number: 1347, body: "Me too" };

describe("create_issue_comment", () => {
  const api = useMockApi(...githubHandlers);

  it("posts the comment's body and returns the comment", async () => {
    await expect(
      runAction(github, "create_issue_comment", { auth: TEST_TOKEN, props }),
    ).resolves.toEqual(commentFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: commentsUrl, body: { body: "Me too" } });
    expectGitHubHeaders(call);
  });

  it("maps a 422 to VALIDATION with GitHub's errors", async () => {
    api.use(
      http.post(commentsUrl, () =>
        gitHubError(422, "Validation Failed", {
          errors: [{ resource: "IssueComment", field: "body", code: "missing_field" }],
        }),
      ),
    );
    await expect(
      runAction(github, "create_issue_comment", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      providerCode: "missing_field",
      message: expect.stringContaining("Validation Failed: IssueComment.body missing_field"),
    });
  });
});
