import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import mergeFixture from "../__fixtures__/merge.json";
import { githubAuth } from "../github-auth";
import { repoPath } from "../github-http";
import { pullNumberProp, repositoryProps } from "../github-props";

const mergeResultSchema = z.looseObject({
  sha: z.string(),
  merged: z.boolean(),
  message: z.string(),
});

/** What merging answers: the merge commit's SHA. */
export type GitHubMergeResult = z.infer<typeof mergeResultSchema>;

/**
 * GitHub refuses a merge it cannot do with 405 ("Pull Request is not mergeable": conflicts,
 * failing required checks, a merge method the repository forbids) and a merge whose `sha` no
 * longer is the head with 409 ("Head branch was modified"). Both are CONFLICT: the pull
 * request's state, not the input, is in the way; GitHub's message says which.
 */
function mergeConflict(error: unknown): unknown {
  if (!ConnectorError.is(error) || (error.status !== 405 && error.status !== 409)) return error;
  const notMergeable = error.status === 405;
  return new ConnectorError("CONFLICT", error.message, {
    status: error.status,
    providerCode: notMergeable ? "not_mergeable" : "head_modified",
    ...(error.details ? { details: error.details } : {}),
  });
}

/** Merges a pull request: PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge. */
export const mergePullRequest = createAction({
  name: "merge_pull_request",
  displayName: "Merge pull request",
  description:
    "Merges a pull request into its base branch with a merge commit, a squash or a rebase; fails with CONFLICT when GitHub cannot merge it or its head moved past the given SHA.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    pull_number: pullNumberProp,
    merge_method: Property.StaticDropdown({
      displayName: "Merge method",
      description: "How to merge: a merge commit (GitHub's default), a squash or a rebase.",
      options: [
        { label: "Merge commit", value: "merge" },
        { label: "Squash", value: "squash" },
        { label: "Rebase", value: "rebase" },
      ],
    }),
    sha: Property.ShortText({
      displayName: "Expected head SHA",
      description: "Merge only if the pull request's head is still this commit.",
    }),
    commit_title: Property.ShortText({
      displayName: "Commit title",
      description: "The title of the merge or squash commit.",
    }),
    commit_message: Property.LongText({
      displayName: "Commit message",
      description: "Extra detail appended to the merge or squash commit's message.",
    }),
  },
  output: mergeResultSchema,
  sampleData: mergeFixture,
  async run(context) {
    const { owner, repo, pull_number, ...fields } = context.propsValue;
    try {
      const response = await context.http.put<GitHubMergeResult>(
        repoPath(owner, repo, "pulls", pull_number, "merge"),
        { json: fields },
        // Merged once, a second copy fails (405, not mergeable): never repeated after a 5xx.
        { signal: context.signal, idempotent: false },
      );
      return response.body;
    } catch (error) {
      throw mergeConflict(error);
    }
  },
});
