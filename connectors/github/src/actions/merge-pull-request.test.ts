import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import mergeFixture from "../__fixtures__/merge.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const mergeUrl = "https://api.github.com/repos/octocat/Hello-World/pulls/42/merge";
const target = { owner: "octocat", repo: "Hello-World", pull_number: 42 };

describe("merge_pull_request", () => {
  const api = useMockApi(...githubHandlers);

  it("puts the merge method, expected head and commit text, and returns the merge", async () => {
    await expect(
      runAction(github, "merge_pull_request", {
        auth: TEST_TOKEN,
        props: {
          ...target,
          merge_method: "squash",
          sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
          commit_title: "Expand enum",
          commit_message: "Add a new value to the merge_method enum",
        },
      }),
    ).resolves.toEqual(mergeFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "PUT", endpoint: mergeUrl });
    expect(call.body).toEqual({
      merge_method: "squash",
      sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
      commit_title: "Expand enum",
      commit_message: "Add a new value to the merge_method enum",
    });
    expectGitHubHeaders(call);
  });

  it("maps 405 Pull Request is not mergeable to CONFLICT", async () => {
    api.use(http.put(mergeUrl, () => gitHubError(405, "Pull Request is not mergeable")));
    await expect(
      runAction(github, "merge_pull_request", { auth: TEST_TOKEN, props: target }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      status: 405,
      providerCode: "not_mergeable",
      retryable: false,
      message: expect.stringContaining("Pull Request is not mergeable"),
    });
    expect(api.calls).toHaveLength(1);
  });

  it("maps 409 Head branch was modified to CONFLICT", async () => {
    api.use(
      http.put(mergeUrl, () =>
        gitHubError(409, "Head branch was modified. Review and try the merge again."),
      ),
    );
    await expect(
      runAction(github, "merge_pull_request", {
        auth: TEST_TOKEN,
        props: { ...target, sha: "0000000000000000000000000000000000000000" },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", status: 409, providerCode: "head_modified" });
  });

  it("is not sent again after a 5xx: the merge may have happened, and a second one would fail", async () => {
    api.use(http.put(mergeUrl, () => gitHubError(502, "Server Error")));
    await expect(
      runAction(github, "merge_pull_request", { auth: TEST_TOKEN, props: target }),
    ).rejects.toMatchObject({ code: "UPSTREAM", status: 502 });
    expect(api.calls).toHaveLength(1);
  });

  it("keeps other failures as they are", async () => {
    api.use(http.put(mergeUrl, () => gitHubError(404, "Not Found")));
    await expect(
      runAction(github, "merge_pull_request", { auth: TEST_TOKEN, props: target }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a merge method GitHub does not know", async () => {
    await expect(
      runAction(github, "merge_pull_request", {
        auth: TEST_TOKEN,
        props: { ...target, merge_method: "octopus" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });
});
