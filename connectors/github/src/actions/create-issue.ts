import { createAction, Property } from "@triggo/connector-sdk";
import issueFixture from "../__fixtures__/issue.json";
import { githubAuth } from "../github-auth";
import { type GitHubIssue, gitHubIssueSchema, repoPath } from "../github-http";
import { repositoryProps, textListProp } from "../github-props";

/** Creates an issue: POST /repos/{owner}/{repo}/issues. */
export const createIssue = createAction({
  name: "create_issue",
  displayName: "Create issue",
  description:
    "Opens an issue in a repository, optionally with labels, assignees and a milestone (GitHub silently drops those unless the account has push access).",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    title: Property.ShortText({
      displayName: "Title",
      description: "The issue's title.",
      required: true,
    }),
    body: Property.LongText({
      displayName: "Body",
      description: "The issue's text, in GitHub Flavored Markdown.",
    }),
    labels: textListProp("Labels", "Names of labels to put on the issue, e.g. bug."),
    assignees: textListProp("Assignees", "Logins of the users to assign, e.g. octocat."),
    milestone: Property.Number({
      displayName: "Milestone number",
      description: "The number of the milestone to add the issue to (not its title).",
      integer: true,
      min: 1,
    }),
  },
  output: gitHubIssueSchema,
  sampleData: issueFixture,
  async run(context) {
    const { owner, repo, title, body, labels, assignees, milestone } = context.propsValue;
    const response = await context.http.post<GitHubIssue>(
      repoPath(owner, repo, "issues"),
      { json: { title, body, labels, assignees, milestone } },
      { signal: context.signal },
    );
    return response.body;
  },
});
