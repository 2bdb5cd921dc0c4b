import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import searchFixture from "../__fixtures__/search-issues.json";
import { githubAuth } from "../github-auth";
import { collectPages, type GitHubIssue, gitHubIssueSchema } from "../github-http";
import { limitProp } from "../github-props";

/** GitHub's search gives at most 1,000 results per query (Search > About search). */
export const SEARCH_RESULT_CAP = 1000;
const DEFAULT_LIMIT = 100;

const searchResultSchema = z.looseObject({
  total_count: z.number(),
  incomplete_results: z.boolean(),
  items: z.array(gitHubIssueSchema),
});

/** What `search_issues` returns: GitHub's count of matches and the matches read. */
export type GitHubIssueSearchResult = z.infer<typeof searchResultSchema>;

interface SearchPage {
  total_count: number;
  incomplete_results: boolean;
  items: GitHubIssue[];
}

/**
 * Searches issues and pull requests: GET /search/issues with `q`, `sort` and `order`, page after
 * page by the `Link` header until the limit (at most the 1,000 results search gives).
 * `total_count` and `incomplete_results` (a search that timed out) come from the last page read.
 */
export const searchIssues = createAction({
  name: "search_issues",
  displayName: "Search issues and pull requests",
  description:
    "Finds issues and pull requests across GitHub with a search query such as repo:octocat/Hello-World is:issue is:open label:bug, up to a limit (GitHub returns at most 1,000 results).",
  auth: githubAuth,
  props: {
    q: Property.ShortText({
      displayName: "Query",
      description:
        "Keywords and qualifiers as on github.com, e.g. repo:octocat/Hello-World is:issue is:open label:bug. GitHub App user tokens need is:issue or is:pull-request.",
      required: true,
    }),
    sort: Property.StaticDropdown({
      displayName: "Sort by",
      description: "Order by this instead of best match.",
      options: [
        { label: "Comments", value: "comments" },
        { label: "Reactions", value: "reactions" },
        { label: "Interactions", value: "interactions" },
        { label: "Created", value: "created" },
        { label: "Updated", value: "updated" },
      ],
    }),
    order: Property.StaticDropdown({
      displayName: "Order",
      description: "Descending (GitHub's default) or ascending; used only with Sort by.",
      options: [
        { label: "Descending", value: "desc" },
        { label: "Ascending", value: "asc" },
      ],
    }),
    limit: limitProp({ defaultValue: DEFAULT_LIMIT, max: SEARCH_RESULT_CAP, what: "results" }),
  },
  output: searchResultSchema,
  sampleData: searchFixture,
  async run(context) {
    const { q, sort, order } = context.propsValue;
    let lastPage: SearchPage = { total_count: 0, incomplete_results: false, items: [] };
    const items = await collectPages<GitHubIssue>(
      context.http,
      { path: "/search/issues", query: { q, sort, order }, signal: context.signal },
      {
        limit: Math.min(context.propsValue.limit ?? DEFAULT_LIMIT, SEARCH_RESULT_CAP),
        items: (body) => {
          lastPage = body as SearchPage;
          return lastPage.items;
        },
      },
    );
    return {
      total_count: lastPage.total_count,
      incomplete_results: lastPage.incomplete_results,
      items,
    };
  },
});
