import { createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import releaseFixture from "../__fixtures__/webhook-release-published.json";
import { gitHubReleaseSchema } from "../actions/create-release";
import { githubAuth } from "../github-auth";
import { gitHubRepositorySchema, gitHubUserSchema } from "../github-http";
import { repositoryProps } from "../github-props";
import { gitHubAction, gitHubEventName, repositoryWebhook } from "../github-webhook";

const releaseDeliverySchema = z.looseObject({
  action: z.string(),
  release: gitHubReleaseSchema,
  repository: gitHubRepositorySchema,
  sender: gitHubUserSchema,
});

/** The `release` delivery GitHub sends when a release is published. */
export type GitHubReleasePublished = z.infer<typeof releaseDeliverySchema>;

/**
 * Fires when a release (or prerelease) is published: a repository webhook for the `release`
 * event, keeping `action: "published"`. The event id is the release's id with its `published_at`:
 * the same publication on every delivery, a new one if the release is unpublished and published
 * again.
 */
export const newRelease = createTrigger({
  name: "new_release",
  displayName: "New release",
  description:
    "Fires when a release or prerelease is published in the repository (not when a draft is saved), through a webhook this trigger creates (needs admin rights on the repository).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: githubAuth,
  props: repositoryProps,
  payload: releaseDeliverySchema,
  sampleData: releaseFixture,
  ...repositoryWebhook(["release"]),
  async run(context) {
    const { request } = context;
    if (gitHubEventName(request) !== "release" || gitHubAction(request) !== "published") return [];
    const delivery = request.body as GitHubReleasePublished;
    const { release } = delivery;
    return [
      {
        id: `release-${release.id}-published-${release.published_at ?? ""}`,
        payload: delivery,
        ...(release.published_at ? { occurredAt: release.published_at } : {}),
      },
    ];
  },
});
