import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import commentFixture from "../__fixtures__/issue-comment.json";
import { githubAuth } from "../github-auth";
import { gitHubUserSchema, repoPath } from "../github-http";
import { issueNumberProp, repositoryProps } from "../github-props";

/** A comment on an issue or pull request, as GitHub returns it. */
export const gitHubIssueCommentSchema = z.looseObject({
  id: z.number(),
  html_url: z.string(),
  body: z.string().nullish(),
  user: gitHubUserSchema.nullish(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A comment on an issue or pull request. */
export type GitHubIssueComment = z.infer<typeof gitHubIssueCommentSchema>;

/** Comments on an issue or pull request: POST /repos/{owner}/{repo}/issues/{issue_number}/comments. */
export const createIssueComment = createAction({
  name: "create_issue_comment",
  displayName: "Comment on issue",
  description:
    "Adds a comment to an issue or to a pull request's conversation (pull requests are issues too).",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    issue_number: issueNumberProp,
    body: Property.LongText({
      displayName: "Comment",
      description: "The comment's text, in GitHub Flavored Markdown.",
      required: true,
    }),
  },
  output: gitHubIssueCommentSchema,
  sampleData: commentFixture,
  async run(context) {
    const { owner, repo, issue_number, body } = context.propsValue;
    const response = await context.http.post<GitHubIssueComment>(
      repoPath(owner, repo, "issues", issue_number, "comments"),
      { json: { body } },
      { signal: context.signal },
    );
    return response.body;
  },
});
