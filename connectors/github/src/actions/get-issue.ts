import { createAction } from "@triggo/connector-sdk";
import issueFixture from "../__fixtures__/issue.json";
import { githubAuth } from "../github-auth";
import { type GitHubIssue, gitHubIssueSchema, repoPath } from "../github-http";
import { issueNumberProp, repositoryProps } from "../github-props";

/** Reads one issue: GET /repos/{owner}/{repo}/issues/{issue_number}. */
export const getIssue = createAction({
  name: "get_issue",
  displayName: "Get issue",
  description:
    "Reads an issue (or a pull request, which GitHub also serves as an issue) with its state, labels, assignees and milestone.",
  auth: githubAuth,
  props: { ...repositoryProps, issue_number: issueNumberProp },
  output: gitHubIssueSchema,
  sampleData: issueFixture,
  async run(context) {
    const { owner, repo, issue_number } = context.propsValue;
    const response = await context.http.get<GitHubIssue>(
      repoPath(owner, repo, "issues", issue_number),
      { signal: context.signal },
    );
    return response.body;
  },
});
