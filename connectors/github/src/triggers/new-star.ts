import { createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import starFixture from "../__fixtures__/webhook-star-created.json";
import { githubAuth } from "../github-auth";
import { gitHubRepositorySchema, gitHubUserSchema } from "../github-http";
import { repositoryProps } from "../github-props";
import { gitHubAction, gitHubEventName, repositoryWebhook } from "../github-webhook";

const starDeliverySchema = z.looseObject({
  action: z.string(),
  starred_at: z.string().nullable(),
  repository: gitHubRepositorySchema,
  sender: gitHubUserSchema,
});

/** The `star` delivery GitHub sends when someone stars the repository. */
export type GitHubStarCreated = z.infer<typeof starDeliverySchema>;

/**
 * Fires when someone stars the repository: a repository webhook for the `star` event, keeping
 * `action: "created"` (the older `watch` event, action `started`, means the same and is not
 * subscribed to). The event id is who starred and when: starring again after unstarring is a new
 * event, a redelivery is not.
 */
export const newStar = createTrigger({
  name: "new_star",
  displayName: "New star",
  description:
    "Fires when someone stars the repository, through a webhook this trigger creates (needs admin rights on the repository).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: githubAuth,
  props: repositoryProps,
  payload: starDeliverySchema,
  sampleData: starFixture,
  ...repositoryWebhook(["star"]),
  async run(context) {
    const { request } = context;
    if (gitHubEventName(request) !== "star" || gitHubAction(request) !== "created") return [];
    const delivery = request.body as GitHubStarCreated;
    return [
      {
        id: `star-${delivery.sender.id}-${delivery.starred_at ?? ""}`,
        payload: delivery,
        ...(delivery.starred_at ? { occurredAt: delivery.starred_at } : {}),
      },
    ];
  },
});
