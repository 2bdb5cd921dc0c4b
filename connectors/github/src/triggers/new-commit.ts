import { createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import pushFixture from "../__fixtures__/webhook-push.json";
import { githubAuth } from "../github-auth";
import { gitHubRepositorySchema, gitHubUserSchema } from "../github-http";
import { repositoryProps } from "../github-props";
import { gitHubEventName, repositoryWebhook } from "../github-webhook";

const BRANCH_PREFIX = "refs/heads/";

const gitActorSchema = z.looseObject({
  name: z.string(),
  email: z.string().nullish(),
  username: z.string().nullish(),
});

/** One commit of a push delivery (lenient). */
const pushCommitSchema = z.looseObject({
  id: z.string(),
  message: z.string(),
  timestamp: z.string(),
  url: z.string(),
  author: gitActorSchema,
  committer: gitActorSchema,
  distinct: z.boolean().nullish(),
  added: z.array(z.string()).nullish(),
  removed: z.array(z.string()).nullish(),
  modified: z.array(z.string()).nullish(),
});

const pushSchema = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  compare: z.string().nullish(),
  deleted: z.boolean().nullish(),
  commits: z.array(pushCommitSchema),
  pusher: z.looseObject({ name: z.string(), email: z.string().nullish() }),
  repository: gitHubRepositorySchema,
  sender: gitHubUserSchema.nullish(),
});

type PushDelivery = z.infer<typeof pushSchema>;

const newCommitSchema = z.looseObject({
  commit: pushCommitSchema,
  branch: z.string(),
  ref: z.string(),
  compare: z.string().nullish(),
  pusher: pushSchema.shape.pusher,
  repository: gitHubRepositorySchema,
  sender: gitHubUserSchema.nullish(),
});

/** One commit pushed to a branch, with the push it came in. */
export type GitHubNewCommit = z.infer<typeof newCommitSchema>;

function toEvents(push: PushDelivery, branch: string) {
  return push.commits.map((commit) => ({
    // The commit's SHA: the same commit is the same event, whichever push or delivery brings it.
    id: commit.id,
    occurredAt: commit.timestamp,
    payload: {
      commit,
      branch,
      ref: push.ref,
      compare: push.compare,
      pusher: push.pusher,
      repository: push.repository,
      sender: push.sender,
    },
  }));
}

/**
 * Fires for each commit pushed to a branch: a repository webhook for the `push` event, one event
 * per commit of the push (GitHub lists up to 2,048), named by the commit's SHA. Tag pushes and
 * branch deletions bring no commits.
 */
export const newCommit = createTrigger({
  name: "new_commit",
  displayName: "New commit",
  description:
    "Fires for each commit pushed to the repository, or to one branch of it, through a webhook this trigger creates (needs admin rights on the repository).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: githubAuth,
  props: {
    ...repositoryProps,
    branch: Property.ShortText({
      displayName: "Branch",
      description: "Only commits pushed to this branch, e.g. main (default: every branch).",
    }),
  },
  payload: newCommitSchema,
  sampleData: toEvents(pushFixture as PushDelivery, pushFixture.ref.slice(BRANCH_PREFIX.length))[0]!
    .payload,
  ...repositoryWebhook(["push"]),
  async run(context) {
    if (gitHubEventName(context.request) !== "push") return [];
    const push = context.request.body as PushDelivery;
    if (push.deleted || !push.ref.startsWith(BRANCH_PREFIX)) return [];
    const branch = push.ref.slice(BRANCH_PREFIX.length);
    const wanted = context.propsValue.branch;
    if (wanted && wanted !== branch) return [];
    return toEvents(push, branch);
  },
});
