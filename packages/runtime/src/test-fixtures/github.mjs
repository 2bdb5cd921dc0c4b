// Test and bench support (not published): GitHub as the runtime's process tests and benchmark
// see it, without msw (child processes and the bench server run none).

/** A push of one commit to main, as GitHub delivers it. */
export function githubPush(sha, message = "Update README") {
  const actor = { name: "Monalisa Octocat", email: "mona@github.com", username: "octocat" };
  return {
    ref: "refs/heads/main",
    before: "0000000000000000000000000000000000000000",
    after: sha,
    compare: `https://github.com/octocat/Hello-World/compare/000000...${sha.slice(0, 6)}`,
    commits: [
      {
        id: sha,
        message,
        timestamp: "2026-11-24T10:00:00Z",
        url: `https://github.com/octocat/Hello-World/commit/${sha}`,
        author: actor,
        committer: actor,
        distinct: true,
        added: [],
        removed: [],
        modified: ["README.md"],
      },
    ],
    head_commit: { id: sha, message, timestamp: "2026-11-24T10:00:00Z" },
    pusher: { name: "octocat", email: "mona@github.com" },
    repository: {
      id: 1296269,
      name: "Hello-World",
      full_name: "octocat/Hello-World",
      private: false,
      html_url: "https://github.com/octocat/Hello-World",
      owner: { login: "octocat", id: 1 },
    },
    sender: { login: "octocat", id: 1 },
  };
}

/**
 * A `fetch` for `RuntimeOptions.fetch` that answers GitHub's repository webhook registration
 * (201 with hook 12345678) and removal (204); anything else is a 404.
 */
export async function fakeGitHubFetch(input, init) {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const method = String(
    init?.method ?? (typeof input === "object" && input.method) ?? "GET",
  ).toUpperCase();
  const json = (body, status) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (method === "POST" && /^\/repos\/[^/]+\/[^/]+\/hooks$/.test(url.pathname)) {
    return json({ id: 12345678, name: "web", active: true, events: ["push"] }, 201);
  }
  if (method === "DELETE" && /^\/repos\/[^/]+\/[^/]+\/hooks\/\d+$/.test(url.pathname)) {
    return new Response(null, { status: 204 });
  }
  return json({ message: `Not Found: ${method} ${url.pathname}` }, 404);
}

/**
 * Connects a GitHub account for `userId` with a pasted token and creates its commit trigger on
 * octocat/Hello-World; returns the trigger's id and the signing secret its webhook got.
 */
export async function createGitHubCommitTrigger(runtime, database, userId, token) {
  await runtime.connectedAccounts.create({ userId, connector: "github", credentials: token });
  const { triggerId } = await runtime.triggers.create(userId, "GITHUB_COMMIT_EVENT", {
    triggerConfig: { owner: "octocat", repo: "Hello-World" },
  });
  const [row] = await database.query(
    "SELECT value FROM trigger_state WHERE instance_id = $1 AND key = 'signingSecret'",
    [triggerId],
  );
  return { triggerId, secret: row.value };
}
