import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import releaseFixture from "../__fixtures__/release.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const releasesUrl = "https://api.github.com/repos/octocat/Hello-World/releases";
const repository = { owner: "octocat", repo: "Hello-World" };

describe("create_release", () => {
  const api = useMockApi(...githubHandlers);

  it("posts the release and returns it", async () => {
    await expect(
      runAction(github, "create_release", {
        auth: TEST_TOKEN,
        props: {
          ...repository,
          tag_name: "v1.0.0",
          target_commitish: "master",
          name: "v1.0.0",
          body: "Description of the release",
          draft: false,
          prerelease: false,
          generate_release_notes: false,
          make_latest: "true",
        },
      }),
    ).resolves.toEqual(releaseFixture);
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: releasesUrl });
    expectGitHubHeaders(call);
    expect(call.body).toEqual({
      tag_name: "v1.0.0",
      target_commitish: "master",
      name: "v1.0.0",
      body: "Description of the release",
      draft: false,
      prerelease: false,
      generate_release_notes: false,
      make_latest: "true",
    });
  });

  it("maps an existing tag's 422 to VALIDATION", async () => {
    api.use(
      http.post(releasesUrl, () =>
        gitHubError(422, "Validation Failed", {
          errors: [{ resource: "Release", code: "already_exists", field: "tag_name" }],
        }),
      ),
    );
    await expect(
      runAction(github, "create_release", {
        auth: TEST_TOKEN,
        props: { ...repository, tag_name: "v1.0.0" },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      providerCode: "already_exists",
      message: expect.stringContaining("Release.tag_name already_exists"),
    });
  });
});
