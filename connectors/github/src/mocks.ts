import { createTriggerHarness, HttpResponse, http, type RecordedCall } from "@triggo/testing";
import { expect } from "vitest";
import commitsFixture from "./__fixtures__/commits.json";
import fileFixture from "./__fixtures__/content-file.json";
import fileCommitFixture from "./__fixtures__/file-commit.json";
import hookFixture from "./__fixtures__/hook.json";
import issueFixture from "./__fixtures__/issue.json";
import commentFixture from "./__fixtures__/issue-comment.json";
import issuesFixture from "./__fixtures__/issues.json";
import labelsFixture from "./__fixtures__/labels.json";
import mergeFixture from "./__fixtures__/merge.json";
import pullRequestFixture from "./__fixtures__/pull-request.json";
import releaseFixture from "./__fixtures__/release.json";
import repositoriesFixture from "./__fixtures__/repositories.json";
import searchFixture from "./__fixtures__/search-issues.json";
import userFixture from "./__fixtures__/user.json";
import { github } from "./github-connector";
import { GITHUB_API_URL } from "./github-http";

/** The test token: a classic personal access token's shape. */
export const TEST_TOKEN = "ghp_testtoken0123456789abcdefghijklmnopqr";

const REPO = `${GITHUB_API_URL}/repos/:owner/:repo`;

/** GitHub's error body: `message` and `documentation_url`, with `errors` for a 422. */
export function gitHubError(
  status: number,
  message: string,
  options: { errors?: unknown[]; headers?: Record<string, string> } = {},
) {
  return HttpResponse.json(
    {
      message,
      documentation_url: "https://docs.github.com/rest",
      status: String(status),
      ...(options.errors ? { errors: options.errors } : {}),
    },
    { status, ...(options.headers ? { headers: options.headers } : {}) },
  );
}

/**
 * Answers a list endpoint as GitHub pages it: `per_page` items (30 by default) of `page`, and a
 * `Link` header with `rel="next"` (the same URL, next page) while more remain. `body` wraps a
 * page for endpoints that answer an object (search).
 */
export function pagedResponse(
  request: Request,
  items: readonly unknown[],
  body: (page: unknown[]) => unknown = (page) => page,
) {
  const url = new URL(request.url);
  const perPage = Number(url.searchParams.get("per_page") ?? 30);
  const page = Number(url.searchParams.get("page") ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  if (page * perPage < items.length) {
    const next = new URL(url);
    next.searchParams.set("page", String(page + 1));
    const last = new URL(url);
    last.searchParams.set("page", String(Math.ceil(items.length / perPage)));
    headers.link = `<${next}>; rel="next", <${last}>; rel="last"`;
  }
  return HttpResponse.json(body(slice) as object, { headers });
}

/** An issue like the documentation's example, with its own id and number; a pull request if asked. */
export function gitHubIssue(number: number, options: { pullRequest?: boolean } = {}) {
  const { pull_request: pullRequest, ...issue } = issueFixture;
  return {
    ...issue,
    id: 1000 + number,
    number,
    title: `Issue ${number}`,
    ...(options.pullRequest ? { pull_request: pullRequest } : {}),
  };
}

/** A repository like the documentation's example, owned by `owner`. */
export function gitHubRepository(owner: string, name: string, id: number) {
  const base = repositoriesFixture[0]!;
  return {
    ...base,
    id,
    name,
    full_name: `${owner}/${name}`,
    owner: { ...base.owner, login: owner },
    html_url: `https://github.com/${owner}/${name}`,
  };
}

/** A listed commit like the documentation's example, with its own SHA and committer date. */
export function gitHubCommit(sha: string, date: string) {
  const base = commitsFixture[0]!;
  return {
    ...base,
    sha,
    commit: { ...base.commit, committer: { ...base.commit.committer, date } },
  };
}

/** The REST API as its documentation's examples answer it. */
export const githubHandlers = [
  http.get(`${GITHUB_API_URL}/user`, () => HttpResponse.json(userFixture)),
  http.get(`${GITHUB_API_URL}/user/repos`, ({ request }) =>
    pagedResponse(request, repositoriesFixture),
  ),
  http.get(`${GITHUB_API_URL}/search/issues`, ({ request }) =>
    pagedResponse(request, searchFixture.items, (items) => ({ ...searchFixture, items })),
  ),
  http.get(`${REPO}/issues`, ({ request }) => pagedResponse(request, issuesFixture)),
  http.post(`${REPO}/issues`, () => HttpResponse.json(issueFixture, { status: 201 })),
  http.get(`${REPO}/issues/:number`, () => HttpResponse.json(issueFixture)),
  http.patch(`${REPO}/issues/:number`, () => HttpResponse.json(issueFixture)),
  http.post(`${REPO}/issues/:number/comments`, () =>
    HttpResponse.json(commentFixture, { status: 201 }),
  ),
  http.post(`${REPO}/issues/:number/labels`, () => HttpResponse.json(labelsFixture)),
  http.post(`${REPO}/pulls`, () => HttpResponse.json(pullRequestFixture, { status: 201 })),
  http.put(`${REPO}/pulls/:number/merge`, () => HttpResponse.json(mergeFixture)),
  http.post(`${REPO}/releases`, () => HttpResponse.json(releaseFixture, { status: 201 })),
  http.get(`${REPO}/contents/*`, () => HttpResponse.json(fileFixture)),
  http.put(`${REPO}/contents/*`, () => HttpResponse.json(fileCommitFixture)),
  http.get(`${REPO}/commits`, ({ request }) => pagedResponse(request, commitsFixture)),
  http.post(`${REPO}/hooks`, () => HttpResponse.json(hookFixture, { status: 201 })),
  http.get(`${REPO}/hooks`, ({ request }) => pagedResponse(request, [hookFixture])),
  http.patch(`${REPO}/hooks/:hookId`, () => HttpResponse.json(hookFixture)),
  http.delete(`${REPO}/hooks/:hookId`, () => new HttpResponse(null, { status: 204 })),
];

/** Asserts what every request to the REST API carries: the token, the media type, the version. */
export function expectGitHubHeaders(call: RecordedCall | undefined, token: string = TEST_TOKEN) {
  expect(call?.headers).toMatchObject({
    authorization: `Bearer ${token}`,
    accept: "application/vnd.github+json",
    "x-github-api-version": "2026-03-10",
  });
}

/** The headers GitHub sends with every delivery, besides the signature. */
export function deliveryHeaders(event: string, deliveryId: string): Record<string, string> {
  return {
    "x-github-event": event,
    "x-github-delivery": deliveryId,
    "x-github-hook-id": String(hookFixture.id),
    "user-agent": "GitHub-Hookshot/044aadd",
  };
}

/** A webhook trigger enabled against the mock API, with the secret it registered. */
export async function enabledWebhookTrigger(
  triggerName: string,
  props: Record<string, unknown> = { owner: "octocat", repo: "Hello-World" },
) {
  const harness = createTriggerHarness(github, triggerName, { auth: TEST_TOKEN, props });
  await harness.enable();
  const secret = harness.store.snapshot().signingSecret as string;
  return { harness, secret };
}
