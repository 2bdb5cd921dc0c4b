import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import labelsFixture from "../__fixtures__/labels.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const labelsUrl = "https://api.github.com/repos/octocat/Hello-World/issues/1347/labels";
const target = { owner: "octocat", repo: "Hello-World", issue_number: 1347 };

describe("add_labels", () => {
  const api = useMockApi(...githubHandlers);

  it("posts { labels } and returns every label the issue now has", async () => {
    await expect(
      runAction(github, "add_labels", {
        auth: TEST_TOKEN,
        props: { ...target, labels: ["bug", "enhancement"] },
      }),
    ).resolves.toEqual({ labels: labelsFixture });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: labelsUrl,
      body: { labels: ["bug", "enhancement"] },
    });
    expectGitHubHeaders(call);
  });

  it("refuses an empty list before sending anything", async () => {
    await expect(
      runAction(github, "add_labels", { auth: TEST_TOKEN, props: { ...target, labels: [] } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });

  it("maps a missing issue to NOT_FOUND", async () => {
    api.use(http.post(labelsUrl, () => gitHubError(404, "Not Found")));
    await expect(
      runAction(github, "add_labels", { auth: TEST_TOKEN, props: { ...target, labels: ["bug"] } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
