import { createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import openedFixture from "../__fixtures__/webhook-pull-request-opened.json";
import { gitHubPullRequestSchema } from "../actions/create-pull-request";
import { githubAuth } from "../github-auth";
import { gitHubRepositorySchema, gitHubUserSchema } from "../github-http";
import { repositoryProps } from "../github-props";
import { gitHubAction, gitHubEventName, repositoryWebhook } from "../github-webhook";

/** The `pull_request` actions this trigger can fire on. */
const PULL_REQUEST_ACTIONS = ["opened", "reopened", "synchronize", "edited"] as const;

const pullRequestDeliverySchema = z.looseObject({
  action: z.string(),
  number: z.number(),
  pull_request: gitHubPullRequestSchema,
  before: z.string().nullish(),
  after: z.string().nullish(),
  changes: z.looseObject({}).nullish(),
  repository: gitHubRepositorySchema,
  sender: gitHubUserSchema,
});

/** A `pull_request` delivery: opened, reopened, new commits pushed (synchronize) or edited. */
export type GitHubPullRequestDelivery = z.infer<typeof pullRequestDeliverySchema>;

/**
 * Names one change of a pull request the same way on every delivery of it: its id, the action,
 * and what that action is about. `opened` happens once; `synchronize` is named by the new head
 * (`after`); `reopened` and `edited` by the pull request's `updated_at` at that moment.
 */
function eventId(delivery: GitHubPullRequestDelivery): string {
  const { action, pull_request: pullRequest } = delivery;
  const base = `pull-request-${pullRequest.id}-${action}`;
  if (action === "opened") return base;
  if (action === "synchronize") return `${base}-${delivery.after ?? pullRequest.head.sha}`;
  return `${base}-${pullRequest.updated_at}`;
}

/**
 * Fires when a pull request is opened or updated: a repository webhook for the `pull_request`
 * event, keeping the chosen actions (opened, reopened, synchronize: new commits on its head,
 * edited: title, body or base changed).
 */
export const pullRequest = createTrigger({
  name: "pull_request",
  displayName: "Pull request opened or updated",
  description:
    "Fires when a pull request is opened, reopened, gets new commits or is edited in the repository, through a webhook this trigger creates (needs admin rights on the repository).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: githubAuth,
  props: {
    ...repositoryProps,
    actions: Property.MultiSelectDropdown({
      displayName: "Actions",
      description:
        "Which changes fire: opened, reopened, synchronize (new commits pushed) and edited (default: all four).",
      options: PULL_REQUEST_ACTIONS.map((action) => ({ label: action, value: action })),
    }),
  },
  payload: pullRequestDeliverySchema,
  sampleData: openedFixture,
  ...repositoryWebhook(["pull_request"]),
  async run(context) {
    const { request } = context;
    const action = gitHubAction(request);
    if (gitHubEventName(request) !== "pull_request" || action === undefined) return [];
    const wanted: readonly string[] = context.propsValue.actions?.length
      ? context.propsValue.actions
      : PULL_REQUEST_ACTIONS;
    if (!wanted.includes(action)) return [];
    const delivery = request.body as GitHubPullRequestDelivery;
    return [
      {
        id: eventId(delivery),
        payload: delivery,
        occurredAt: delivery.pull_request.updated_at,
      },
    ];
  },
});
