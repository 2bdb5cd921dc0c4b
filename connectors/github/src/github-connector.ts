import { createConnector, createCustomApiCallAction } from "@triggo/connector-sdk";
import { version } from "../package.json";
import userFixture from "./__fixtures__/user.json";
import { addLabels } from "./actions/add-labels";
import { createIssue } from "./actions/create-issue";
import { createIssueComment } from "./actions/create-issue-comment";
import { createOrUpdateFile } from "./actions/create-or-update-file";
import { createPullRequest } from "./actions/create-pull-request";
import { createRelease } from "./actions/create-release";
import { getFileContents } from "./actions/get-file-contents";
import { getIssue } from "./actions/get-issue";
import { listIssues } from "./actions/list-issues";
import { listRepositories } from "./actions/list-repositories";
import { mergePullRequest } from "./actions/merge-pull-request";
import { searchIssues } from "./actions/search-issues";
import { updateIssue } from "./actions/update-issue";
import { githubAuth } from "./github-auth";
import { classifyGitHubResponse, GITHUB_API_URL, GITHUB_HEADERS } from "./github-http";
import { newCommit } from "./triggers/new-commit";
import { newCommitPolling } from "./triggers/new-commit-polling";
import { newIssue } from "./triggers/new-issue";
import { newIssueComment } from "./triggers/new-issue-comment";
import { newRelease } from "./triggers/new-release";
import { newStar } from "./triggers/new-star";
import { pullRequest } from "./triggers/pull-request";

/**
 * GitHub: issues, comments, labels, pull requests, releases, files and repositories through the
 * REST API (pinned to version 2026-03-10), and triggers on pushes, issues, comments, pull
 * requests, releases and stars by repository webhook, or on commits by polling.
 * `github.init({ auth })` gives a typed client; `init({ baseUrl })` reaches GitHub Enterprise
 * Server at https://HOSTNAME/api/v3.
 */
export const github = createConnector({
  name: "github",
  displayName: "GitHub",
  description:
    "Work with GitHub issues, pull requests, releases, files and repositories, and start workflows on pushes, new issues, comments, pull requests, releases and stars.",
  version,
  auth: githubAuth,
  website: "https://docs.github.com/en/rest",
  categories: ["developer-tools"],
  http: {
    baseUrl: GITHUB_API_URL,
    headers: GITHUB_HEADERS,
    classify: classifyGitHubResponse,
  },
  actions: [
    createIssue,
    updateIssue,
    getIssue,
    createIssueComment,
    listIssues,
    searchIssues,
    addLabels,
    createPullRequest,
    mergePullRequest,
    createRelease,
    getFileContents,
    createOrUpdateFile,
    listRepositories,
    createCustomApiCallAction({
      auth: githubAuth,
      apiName: "the GitHub REST API",
      sampleData: {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: userFixture,
      },
    }),
  ],
  triggers: [
    newCommit,
    newIssue,
    newIssueComment,
    pullRequest,
    newRelease,
    newStar,
    newCommitPolling,
  ],
});
