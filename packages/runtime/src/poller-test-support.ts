// Test support (not exported): a GitHub commits API to poll, and a database whose commits can fail.
import { HttpResponse, http } from "@triggo/testing";
import type { Database, Queryable } from "./database";

export const COMMITS_URL = "https://api.github.com/repos/:owner/:repo/commits";

export const commitsUrlOf = (repo: string) =>
  `https://api.github.com/repos/octocat/${repo}/commits`;

/** A commit as GET /repos/{owner}/{repo}/commits lists it. */
export function listedCommit(sha: string, date = "2026-11-24T10:00:00Z") {
  const actor = { name: "Monalisa Octocat", email: "mona@github.com", date };
  return {
    sha,
    html_url: `https://github.com/octocat/Hello-World/commit/${sha}`,
    commit: { message: `Commit ${sha}`, author: actor, committer: actor },
    author: null,
    committer: null,
  };
}

/** Each repository's history, newest first, and the answers to give instead for the next calls. */
export function createCommitsApi() {
  const histories = new Map<string, ReturnType<typeof listedCommit>[]>();
  const failures: Response[] = [];
  return {
    /** Forgets the histories and the failures to come (between tests). */
    reset() {
      histories.clear();
      failures.length = 0;
    },
    /** Adds `count` commits at the head of `repo` (`prefix` + number, the newest numbered highest). */
    push(repo: string, count: number, prefix = "sha") {
      const history = histories.get(repo) ?? [];
      const start = history.length;
      const added = Array.from({ length: count }, (_, index) =>
        listedCommit(
          `${prefix}-${repo}-${String(start + index).padStart(5, "0")}`,
          new Date(Date.UTC(2026, 10, 1) + (start + index) * 60_000).toISOString(),
        ),
      );
      histories.set(repo, [...[...added].reverse(), ...history]);
      // Oldest first, as the events are emitted.
      return added.map((commit) => commit.sha);
    },
    /** The next calls (any repository) answer these, in order. */
    failNext(...responses: Array<() => Response>) {
      for (const response of responses) failures.push(response());
    },
    handler: http.get(COMMITS_URL, ({ request, params }) => {
      const failure = failures.shift();
      if (failure) return failure;
      const items = histories.get(String(params.repo)) ?? [];
      const url = new URL(request.url);
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const headers: Record<string, string> = {};
      if (page * perPage < items.length) {
        const next = new URL(url);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next}>; rel="next"`;
      }
      return HttpResponse.json(items.slice((page - 1) * perPage, page * perPage), { headers });
    }),
  };
}

export const serverError = () =>
  HttpResponse.json({ message: "Server Error" }, { status: 500 }) as Response;
export const badCredentials = () =>
  HttpResponse.json({ message: "Bad credentials" }, { status: 401 }) as Response;

/**
 * The database, except that while `failing` is set, storing events throws inside the transaction:
 * a crash between fetching and committing (the transaction rolls back).
 */
export function createFlakyDatabase(database: Database) {
  const control = { failing: false, failed: 0 };
  const wrap = (queryable: Queryable): Queryable => ({
    query: (sql, params) => {
      if (control.failing && sql.includes("INSERT INTO events")) {
        control.failing = false;
        control.failed += 1;
        return Promise.reject(new Error("Simulated crash while committing."));
      }
      return queryable.query(sql, params);
    },
    execute: (script) => queryable.execute(script),
  });
  const flaky: Database = {
    kind: database.kind,
    ...wrap(database),
    transaction: (work) => database.transaction((transaction) => work(wrap(transaction))),
    close: () => database.close(),
  };
  return { database: flaky, control };
}
