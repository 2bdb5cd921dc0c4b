import { createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import issuesOpenedFixture from "../__fixtures__/webhook-issues-opened.json";
import { githubAuth } from "../github-auth";
import { gitHubIssueSchema, gitHubRepositorySchema, gitHubUserSchema } from "../github-http";
import { repositoryProps } from "../github-props";
import { gitHubAction, gitHubEventName, repositoryWebhook } from "../github-webhook";

const issuesDeliverySchema = z.looseObject({
  action: z.string(),
  issue: gitHubIssueSchema,
  repository: gitHubRepositorySchema,
  sender: gitHubUserSchema,
});

/** The `issues` delivery GitHub sends when an issue is opened. */
export type GitHubIssueOpened = z.infer<typeof issuesDeliverySchema>;

/**
 * Fires when an issue is opened: a repository webhook for the `issues` event, keeping
 * `action: "opened"`. The event id is the issue's id with the action: an issue is opened once,
 * so a redelivery, or the same event reaching a second webhook of the repository while the
 * trigger is re-enabled, gets the same id.
 */
export const newIssue = createTrigger({
  name: "new_issue",
  displayName: "New issue",
  description:
    "Fires when an issue is opened in the repository, through a webhook this trigger creates (needs admin rights on the repository).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: githubAuth,
  props: repositoryProps,
  payload: issuesDeliverySchema,
  sampleData: issuesOpenedFixture,
  ...repositoryWebhook(["issues"]),
  async run(context) {
    const { request } = context;
    if (gitHubEventName(request) !== "issues" || gitHubAction(request) !== "opened") return [];
    const delivery = request.body as GitHubIssueOpened;
    return [
      {
        id: `issue-${delivery.issue.id}-opened`,
        payload: delivery,
        occurredAt: delivery.issue.created_at,
      },
    ];
  },
});
