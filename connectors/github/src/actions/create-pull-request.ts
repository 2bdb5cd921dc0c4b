import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import pullRequestFixture from "../__fixtures__/pull-request.json";
import { githubAuth } from "../github-auth";
import { gitHubUserSchema, repoPath } from "../github-http";
import { repositoryProps } from "../github-props";

const branchSchema = z.looseObject({
  ref: z.string(),
  sha: z.string(),
  label: z.string().nullish(),
});

/** A pull request, as GitHub returns it (lenient). */
export const gitHubPullRequestSchema = z.looseObject({
  id: z.number(),
  number: z.number(),
  state: z.string(),
  title: z.string(),
  html_url: z.string(),
  body: z.string().nullish(),
  draft: z.boolean().nullish(),
  user: gitHubUserSchema.nullish(),
  head: branchSchema,
  base: branchSchema,
  merged: z.boolean().nullish(),
  mergeable: z.boolean().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** A pull request: its number, state, title and head and base branches among others. */
export type GitHubPullRequest = z.infer<typeof gitHubPullRequestSchema>;

/** Opens a pull request: POST /repos/{owner}/{repo}/pulls. */
export const createPullRequest = createAction({
  name: "create_pull_request",
  displayName: "Create pull request",
  description:
    "Opens a pull request to merge a branch (of this repository or of a fork) into a branch of this repository.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    title: Property.ShortText({
      displayName: "Title",
      description: "The pull request's title.",
      required: true,
    }),
    head: Property.ShortText({
      displayName: "Head branch",
      description:
        "The branch with the changes. From a fork in the same network, prefix the fork's owner: octocat:new-feature.",
      required: true,
    }),
    base: Property.ShortText({
      displayName: "Base branch",
      description: "The branch of this repository to merge the changes into, e.g. main.",
      required: true,
    }),
    body: Property.LongText({
      displayName: "Body",
      description: "The pull request's description, in GitHub Flavored Markdown.",
    }),
    draft: Property.Checkbox({
      displayName: "Draft",
      description: "Open it as a draft pull request.",
    }),
    maintainer_can_modify: Property.Checkbox({
      displayName: "Maintainers can modify",
      description: "Let the base repository's maintainers push to the head branch (forks only).",
    }),
    head_repo: Property.ShortText({
      displayName: "Head repository",
      description:
        "The name of the repository with the head branch, for cross-repository pull requests between repositories of the same organization.",
    }),
  },
  output: gitHubPullRequestSchema,
  sampleData: pullRequestFixture,
  async run(context) {
    const { owner, repo, ...fields } = context.propsValue;
    const response = await context.http.post<GitHubPullRequest>(
      repoPath(owner, repo, "pulls"),
      { json: fields },
      { signal: context.signal },
    );
    return response.body;
  },
});
