import { ConnectorError, createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import commitsFixture from "../__fixtures__/commits.json";
import { githubAuth } from "../github-auth";
import { collectPages, GITHUB_MAX_PAGE_SIZE, gitHubUserSchema, repoPath } from "../github-http";
import { repositoryProps } from "../github-props";

/** How far back each poll looks, before the previous poll: commits can be pushed days after they were made. */
export const POLL_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
/** The most pages (of 100 commits) one poll reads. */
export const POLL_MAX_PAGES = 5;

const gitActorSchema = z.looseObject({ name: z.string().nullish(), date: z.string().nullish() });

/** A commit as GET /repos/{owner}/{repo}/commits lists it (lenient). */
const listedCommitSchema = z.looseObject({
  sha: z.string(),
  html_url: z.string(),
  commit: z.looseObject({
    message: z.string(),
    author: gitActorSchema.nullish(),
    committer: gitActorSchema.nullish(),
  }),
  author: gitHubUserSchema.nullish(),
  committer: gitHubUserSchema.nullish(),
});

/** A commit of the repository's history, with its GitHub author and committer when known. */
export type GitHubListedCommit = z.infer<typeof listedCommitSchema>;

/**
 * Polls GET /repos/{owner}/{repo}/commits (optionally from a branch, `sha`), newest first, reading
 * pages by the `Link` header. Commits are told apart by SHA (id dedupe), not by date: a commit's
 * date is when it was made, and it may be pushed days later, so a date high-water mark would skip
 * it. Each poll asks for the commits dated since a week before the previous poll (`since`), which
 * bounds the pages read while catching late pushes. An empty repository (409) has no commits yet.
 */
export const newCommitPolling = createTrigger({
  name: "new_commit_polling",
  displayName: "New commit (polling)",
  description:
    "Checks the repository (or one branch) for new commits every few minutes; for accounts without admin rights on the repository, which the webhook trigger needs.",
  type: TRIGGER_TYPES.POLLING,
  auth: githubAuth,
  props: {
    ...repositoryProps,
    branch: Property.ShortText({
      displayName: "Branch",
      description: "The branch whose history to watch (default: the default branch).",
    }),
  },
  payload: listedCommitSchema,
  sampleData: commitsFixture[0]!,
  poll: {
    dedupe: "id",
    async items(context, cursor) {
      const { owner, repo, branch } = context.propsValue;
      const from = cursor.lastPolledAt ? Date.parse(cursor.lastPolledAt) : Date.now();
      let commits: GitHubListedCommit[];
      try {
        commits = await collectPages<GitHubListedCommit>(
          context.http,
          {
            path: repoPath(owner, repo, "commits"),
            query: { sha: branch, since: new Date(from - POLL_LOOKBACK_MS).toISOString() },
            signal: context.signal,
          },
          { limit: POLL_MAX_PAGES * GITHUB_MAX_PAGE_SIZE },
        );
      } catch (error) {
        if (ConnectorError.is(error) && error.status === 409) return [];
        throw error;
      }
      return commits.map((commit) => {
        const date = commit.commit.committer?.date ?? commit.commit.author?.date;
        return { id: commit.sha, ...(date ? { timestamp: date } : {}), payload: commit };
      });
    },
  },
});
