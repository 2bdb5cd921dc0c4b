import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import searchFixture from "../__fixtures__/search-issues.json";
import { github } from "../github-connector";
import {
  expectGitHubHeaders,
  gitHubError,
  gitHubIssue,
  githubHandlers,
  pagedResponse,
  TEST_TOKEN,
} from "../mocks";

const searchUrl = "https://api.github.com/search/issues";
const q = "repo:octocat/Hello-World is:issue is:open label:bug";

describe("search_issues", () => {
  const api = useMockApi(...githubHandlers);

  it("sends q, sort and order and returns GitHub's count with the results", async () => {
    await expect(
      runAction(github, "search_issues", {
        auth: TEST_TOKEN,
        props: { q, sort: "created", order: "asc", limit: 5 },
      }),
    ).resolves.toEqual({
      total_count: 280,
      incomplete_results: false,
      items: searchFixture.items,
    });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: searchUrl });
    expect(call.query).toEqual({ q, sort: "created", order: "asc", per_page: "5" });
    expectGitHubHeaders(call);
  });

  it("reads pages by the Link header up to the limit", async () => {
    const matches = Array.from({ length: 1200 }, (_, index) => gitHubIssue(index + 1));
    api.use(
      http.get(searchUrl, ({ request }) =>
        pagedResponse(request, matches, (items) => ({
          total_count: 1200,
          incomplete_results: false,
          items,
        })),
      ),
    );
    const result = (await runAction(github, "search_issues", {
      auth: TEST_TOKEN,
      props: { q, limit: 250 },
    })) as { total_count: number; items: unknown[] };
    expect(result.total_count).toBe(1200);
    expect(result.items).toHaveLength(250);
    expect(api.calls.map((call) => call.query.page ?? "1")).toEqual(["1", "2", "3"]);
  });

  it("refuses a limit over the 1,000 results search gives", async () => {
    await expect(
      runAction(github, "search_issues", { auth: TEST_TOKEN, props: { q, limit: 1001 } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });

  it("maps an invalid query's 422 to VALIDATION with GitHub's explanation", async () => {
    api.use(
      http.get(searchUrl, () =>
        gitHubError(422, "Validation Failed", {
          errors: [
            {
              message: "The listed users cannot be searched.",
              resource: "Search",
              field: "q",
              code: "invalid",
            },
          ],
        }),
      ),
    );
    await expect(
      runAction(github, "search_issues", { auth: TEST_TOKEN, props: { q: "author:ghost-x" } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("Search.q invalid (The listed users cannot be searched.)"),
    });
  });
});
