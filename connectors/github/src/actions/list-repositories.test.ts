import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import repositoriesFixture from "../__fixtures__/repositories.json";
import { github } from "../github-connector";
import {
  expectGitHubHeaders,
  gitHubError,
  gitHubRepository,
  githubHandlers,
  pagedResponse,
  TEST_TOKEN,
} from "../mocks";

const reposUrl = "https://api.github.com/user/repos";

describe("list_repositories", () => {
  const api = useMockApi(...githubHandlers);

  it("sends the filters and returns the repositories", async () => {
    await expect(
      runAction(github, "list_repositories", {
        auth: TEST_TOKEN,
        props: {
          visibility: "private",
          affiliation: ["owner", "organization_member"],
          sort: "updated",
          direction: "desc",
          limit: 20,
        },
      }),
    ).resolves.toEqual({ items: repositoriesFixture });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: reposUrl });
    expect(call.query).toEqual({
      visibility: "private",
      affiliation: "owner,organization_member",
      sort: "updated",
      direction: "desc",
      per_page: "20",
    });
    expectGitHubHeaders(call);
  });

  it("reads every page up to the limit", async () => {
    const many = Array.from({ length: 230 }, (_, index) =>
      gitHubRepository("octocat", `repo-${index}`, index + 1),
    );
    api.use(http.get(reposUrl, ({ request }) => pagedResponse(request, many)));
    const result = (await runAction(github, "list_repositories", {
      auth: TEST_TOKEN,
      props: { limit: 500 },
    })) as { items: unknown[] };
    expect(result.items).toHaveLength(230);
    expect(api.calls.map((call) => call.query)).toEqual([
      { per_page: "100" },
      { per_page: "100", page: "2" },
      { per_page: "100", page: "3" },
    ]);
  });

  it("maps GitHub's 422 for conflicting filters to VALIDATION", async () => {
    api.use(http.get(reposUrl, () => gitHubError(422, "Validation Failed")));
    await expect(
      runAction(github, "list_repositories", { auth: TEST_TOKEN, props: {} }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
