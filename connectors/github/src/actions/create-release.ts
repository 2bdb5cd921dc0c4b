import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import releaseFixture from "../__fixtures__/release.json";
import { githubAuth } from "../github-auth";
import { gitHubUserSchema, repoPath } from "../github-http";
import { repositoryProps } from "../github-props";

/** A release, as GitHub returns it and as the release webhook carries it (lenient). */
export const gitHubReleaseSchema = z.looseObject({
  id: z.number(),
  tag_name: z.string(),
  name: z.string().nullish(),
  body: z.string().nullish(),
  html_url: z.string(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  target_commitish: z.string().nullish(),
  author: gitHubUserSchema.nullish(),
  created_at: z.string().nullish(),
  published_at: z.string().nullish(),
});

/** A release: its tag, name, notes and whether it is a draft or a prerelease. */
export type GitHubRelease = z.infer<typeof gitHubReleaseSchema>;

/** Creates a release (and its tag when it does not exist): POST /repos/{owner}/{repo}/releases. */
export const createRelease = createAction({
  name: "create_release",
  displayName: "Create release",
  description:
    "Publishes a release (or saves a draft) for a tag, creating the tag from a branch or commit when it does not exist yet.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    tag_name: Property.ShortText({
      displayName: "Tag",
      description: "The release's tag, e.g. v1.0.0.",
      required: true,
    }),
    target_commitish: Property.ShortText({
      displayName: "Target",
      description:
        "The branch or commit SHA to create the tag from when it does not exist (default: the default branch).",
    }),
    name: Property.ShortText({ displayName: "Name", description: "The release's title." }),
    body: Property.LongText({
      displayName: "Notes",
      description: "The release notes, in GitHub Flavored Markdown.",
    }),
    draft: Property.Checkbox({
      displayName: "Draft",
      description: "Save it as an unpublished draft.",
    }),
    prerelease: Property.Checkbox({
      displayName: "Prerelease",
      description: "Mark it as a prerelease.",
    }),
    generate_release_notes: Property.Checkbox({
      displayName: "Generate release notes",
      description:
        "Let GitHub write the name and notes from the merged pull requests; given notes are put in front.",
    }),
    make_latest: Property.StaticDropdown({
      displayName: "Make latest",
      description:
        "Whether it becomes the repository's latest release: true (default for published releases), false, or legacy (by date and version).",
      options: [
        { label: "Yes", value: "true" },
        { label: "No", value: "false" },
        { label: "Legacy", value: "legacy" },
      ],
    }),
  },
  output: gitHubReleaseSchema,
  sampleData: releaseFixture,
  async run(context) {
    const { owner, repo, ...fields } = context.propsValue;
    const response = await context.http.post<GitHubRelease>(
      repoPath(owner, repo, "releases"),
      { json: fields },
      { signal: context.signal },
    );
    return response.body;
  },
});
