import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import pullRequestFixture from "../__fixtures__/pull-request.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const pullsUrl = "https://api.github.com/repos/octocat/Hello-World/pulls";
const props = {
  owner: "octocat",
  repo: "Hello-World",
  title: "Amazing new feature",
  head: "octocat:new-feature",
  base: "master",
};

describe("create_pull_request", () => {
  const api = useMockApi(...githubHandlers);

  it("posts the pull request and returns it", async () => {
    await expect(
      runAction(github, "create_pull_request", {
        auth: TEST_TOKEN,
        props: { ...props, body: "Please pull these awesome changes in!", draft: true },
      }),
    ).resolves.toEqual(pullRequestFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: pullsUrl });
    expect(call.body).toEqual({
      title: "Amazing new feature",
      head: "octocat:new-feature",
      base: "master",
      body: "Please pull these awesome changes in!",
      draft: true,
    });
    expectGitHubHeaders(call);
  });

  it("maps GitHub's 422 for an existing pull request to VALIDATION with its message", async () => {
    api.use(
      http.post(pullsUrl, () =>
        gitHubError(422, "Validation Failed", {
          errors: [
            {
              resource: "PullRequest",
              code: "custom",
              message: "A pull request already exists for octocat:new-feature.",
            },
          ],
        }),
      ),
    );
    await expect(
      runAction(github, "create_pull_request", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining(
        "PullRequest A pull request already exists for octocat:new-feature.",
      ),
    });
  });
});
