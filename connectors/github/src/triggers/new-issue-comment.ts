import { createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import commentFixture from "../__fixtures__/webhook-issue-comment-created.json";
import { gitHubIssueCommentSchema } from "../actions/create-issue-comment";
import { githubAuth } from "../github-auth";
import { gitHubIssueSchema, gitHubRepositorySchema, gitHubUserSchema } from "../github-http";
import { repositoryProps } from "../github-props";
import { gitHubAction, gitHubEventName, repositoryWebhook } from "../github-webhook";

const commentDeliverySchema = z.looseObject({
  action: z.string(),
  comment: gitHubIssueCommentSchema,
  issue: gitHubIssueSchema,
  repository: gitHubRepositorySchema,
  sender: gitHubUserSchema,
});

/** The `issue_comment` delivery GitHub sends when a comment is created. */
export type GitHubIssueCommentCreated = z.infer<typeof commentDeliverySchema>;

/**
 * Fires when someone comments on an issue or pull request: a repository webhook for the
 * `issue_comment` event, keeping `action: "created"`. GitHub sends the same event for comments on
 * pull requests (their `issue` has a `pull_request` key); `on` chooses which to keep. The event
 * id is the comment's id, created once.
 */
export const newIssueComment = createTrigger({
  name: "new_issue_comment",
  displayName: "New issue comment",
  description:
    "Fires when someone comments on an issue or a pull request of the repository, through a webhook this trigger creates (needs admin rights on the repository).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: githubAuth,
  props: {
    ...repositoryProps,
    on: Property.StaticDropdown({
      displayName: "Comments on",
      description: "Comments on issues, on pull requests, or both (default).",
      defaultValue: "all",
      options: [
        { label: "Issues and pull requests", value: "all" },
        { label: "Issues only", value: "issues" },
        { label: "Pull requests only", value: "pull_requests" },
      ],
    }),
  },
  payload: commentDeliverySchema,
  sampleData: commentFixture,
  ...repositoryWebhook(["issue_comment"]),
  async run(context) {
    const { request } = context;
    if (gitHubEventName(request) !== "issue_comment" || gitHubAction(request) !== "created") {
      return [];
    }
    const delivery = request.body as GitHubIssueCommentCreated;
    const onPullRequest = Boolean(delivery.issue.pull_request);
    const on = context.propsValue.on;
    if ((on === "issues" && onPullRequest) || (on === "pull_requests" && !onPullRequest)) return [];
    return [
      {
        id: `comment-${delivery.comment.id}`,
        payload: delivery,
        occurredAt: delivery.comment.created_at,
      },
    ];
  },
});
