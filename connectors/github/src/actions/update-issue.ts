import { createAction, Property } from "@triggo/connector-sdk";
import issueFixture from "../__fixtures__/issue.json";
import { githubAuth } from "../github-auth";
import { type GitHubIssue, gitHubIssueSchema, repoPath } from "../github-http";
import { issueNumberProp, repositoryProps, textListProp } from "../github-props";

/**
 * Changes an issue: PATCH /repos/{owner}/{repo}/issues/{issue_number}, sending only the fields
 * given. Labels and assignees replace the present ones, as GitHub documents.
 */
export const updateIssue = createAction({
  name: "update_issue",
  displayName: "Update issue",
  description:
    "Changes an issue's title, text, state (with a reason), labels, assignees or milestone; only the fields given change.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    issue_number: issueNumberProp,
    title: Property.ShortText({ displayName: "Title", description: "The new title." }),
    body: Property.LongText({
      displayName: "Body",
      description: "The new text, in GitHub Flavored Markdown.",
    }),
    state: Property.StaticDropdown({
      displayName: "State",
      description: "Open or close the issue.",
      options: [
        { label: "Open", value: "open" },
        { label: "Closed", value: "closed" },
      ],
    }),
    state_reason: Property.StaticDropdown({
      displayName: "State reason",
      description:
        "Why the state changes: completed, not planned or duplicate when closing, reopened when opening. GitHub ignores it unless the state changes.",
      options: [
        { label: "Completed", value: "completed" },
        { label: "Not planned", value: "not_planned" },
        { label: "Duplicate", value: "duplicate" },
        { label: "Reopened", value: "reopened" },
      ],
    }),
    labels: textListProp(
      "Labels",
      "Label names that replace the issue's labels; an empty list removes them all.",
    ),
    assignees: textListProp(
      "Assignees",
      "Logins that replace the issue's assignees; an empty list removes them all.",
    ),
    milestone: Property.Number({
      displayName: "Milestone number",
      description: "The number of the milestone to move the issue to.",
      integer: true,
      min: 1,
    }),
    remove_milestone: Property.Checkbox({
      displayName: "Remove milestone",
      description: "Take the issue out of its milestone (sends milestone: null).",
    }),
  },
  output: gitHubIssueSchema,
  sampleData: issueFixture,
  async run(context) {
    const { owner, repo, issue_number, milestone, remove_milestone, ...fields } =
      context.propsValue;
    const changes: Record<string, unknown> = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    );
    if (remove_milestone) changes.milestone = null;
    else if (milestone !== undefined) changes.milestone = milestone;
    const response = await context.http.patch<GitHubIssue>(
      repoPath(owner, repo, "issues", issue_number),
      { json: changes },
      { signal: context.signal },
    );
    return response.body;
  },
});
