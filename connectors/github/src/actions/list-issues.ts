import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import issuesFixture from "../__fixtures__/issues.json";
import { githubAuth } from "../github-auth";
import { collectPages, type GitHubIssue, gitHubIssueSchema, repoPath } from "../github-http";
import { limitProp, repositoryProps, textListProp } from "../github-props";

const DEFAULT_LIMIT = 100;

const issueListSchema = z.object({ items: z.array(gitHubIssueSchema) });

/** What `list_issues` returns. */
export type GitHubIssueList = z.infer<typeof issueListSchema>;

/**
 * Lists a repository's issues: GET /repos/{owner}/{repo}/issues, page after page by the `Link`
 * header. GitHub's Issues endpoints return pull requests too (they carry a `pull_request` key):
 * they are left out unless `include_pull_requests` is set, and left-out ones do not count
 * towards the limit.
 */
export const listIssues = createAction({
  name: "list_issues",
  displayName: "List issues",
  description:
    "Lists a repository's issues with filters (state, labels, assignee, creator, updated since), newest first by default, up to a limit. Pull requests are left out unless asked for.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    state: Property.StaticDropdown({
      displayName: "State",
      description: "Which issues: open (GitHub's default), closed or all.",
      options: [
        { label: "Open", value: "open" },
        { label: "Closed", value: "closed" },
        { label: "All", value: "all" },
      ],
    }),
    labels: textListProp("Labels", "Only issues that have all these labels."),
    assignee: Property.ShortText({
      displayName: "Assignee",
      description: "Only issues assigned to this login; none for unassigned ones, * for any.",
    }),
    creator: Property.ShortText({
      displayName: "Creator",
      description: "Only issues opened by this login.",
    }),
    mentioned: Property.ShortText({
      displayName: "Mentioned",
      description: "Only issues that mention this login.",
    }),
    milestone: Property.ShortText({
      displayName: "Milestone",
      description: "A milestone number; * for issues in any milestone, none for those in none.",
    }),
    since: Property.DateTime({
      displayName: "Updated since",
      description: "Only issues updated at or after this time.",
    }),
    sort: Property.StaticDropdown({
      displayName: "Sort by",
      description: "What to order by: creation (GitHub's default), last update or comment count.",
      options: [
        { label: "Created", value: "created" },
        { label: "Updated", value: "updated" },
        { label: "Comments", value: "comments" },
      ],
    }),
    direction: Property.StaticDropdown({
      displayName: "Direction",
      description: "Descending (GitHub's default) or ascending.",
      options: [
        { label: "Descending", value: "desc" },
        { label: "Ascending", value: "asc" },
      ],
    }),
    include_pull_requests: Property.Checkbox({
      displayName: "Include pull requests",
      description: "Also return pull requests, which GitHub lists among issues.",
      defaultValue: false,
    }),
    limit: limitProp({ defaultValue: DEFAULT_LIMIT, what: "issues" }),
  },
  output: issueListSchema,
  sampleData: { items: issuesFixture },
  async run(context) {
    const { owner, repo, labels, include_pull_requests, limit, ...filters } = context.propsValue;
    const items = await collectPages<GitHubIssue>(
      context.http,
      {
        path: repoPath(owner, repo, "issues"),
        query: { ...filters, labels: labels?.length ? labels.join(",") : undefined },
        signal: context.signal,
      },
      {
        limit: limit ?? DEFAULT_LIMIT,
        ...(include_pull_requests ? {} : { keep: (issue: GitHubIssue) => !issue.pull_request }),
      },
    );
    return { items };
  },
});
