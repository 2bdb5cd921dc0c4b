import { createTriggerHarness, http, useMockApi } from "@triggo/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { github } from "../github-connector";
import {
  expectGitHubHeaders,
  gitHubCommit,
  gitHubError,
  githubHandlers,
  pagedResponse,
  TEST_TOKEN,
} from "../mocks";

const commitsUrl = "https://api.github.com/repos/octocat/Hello-World/commits";
const now = new Date("2024-05-10T12:00:00Z");

type Commit = ReturnType<typeof gitHubCommit>;

/** `count` commits, newest first, one minute apart, the newest at `newest`. */
function history(count: number, prefix: string, newest: Date): Commit[] {
  return Array.from({ length: count }, (_, index) =>
    gitHubCommit(
      `${prefix}${String(index).padStart(4, "0")}`,
      new Date(newest.getTime() - index * 60_000).toISOString(),
    ),
  );
}

function useCommits(api: ReturnType<typeof useMockApi>, commits: Commit[]) {
  api.use(http.get(commitsUrl, ({ request }) => pagedResponse(request, commits)));
}

function harness(props: Record<string, unknown> = {}) {
  return createTriggerHarness(github, "new_commit_polling", {
    auth: TEST_TOKEN,
    props: { owner: "octocat", repo: "Hello-World", ...props },
  });
}

describe("new_commit_polling", () => {
  const api = useMockApi(...githubHandlers);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("records the present on enable, then emits each new commit once, oldest first", async () => {
    const commits = history(3, "old", new Date("2024-05-10T11:00:00Z"));
    useCommits(api, commits);
    const trigger = harness({ branch: "main" });

    await trigger.enable();
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: commitsUrl });
    expect(call.query).toEqual({
      sha: "main",
      since: "2024-05-03T12:00:00.000Z",
      per_page: "100",
    });
    expectGitHubHeaders(call);
    await expect(trigger.poll()).resolves.toEqual([]);

    const fresh = history(2, "new", new Date("2024-05-10T11:30:00Z"));
    commits.unshift(...fresh);
    const events = await trigger.poll();
    expect(events.map((event) => event.id)).toEqual(["new0001", "new0000"]);
    expect(events[1]).toEqual({
      id: "new0000",
      payload: fresh[0],
      occurredAt: "2024-05-10T11:30:00.000Z",
    });
    await expect(trigger.poll()).resolves.toEqual([]);
  });

  it("reads several pages by the Link header and dedupes across them", async () => {
    const commits = history(150, "a", new Date("2024-05-10T11:00:00Z"));
    useCommits(api, commits);
    const trigger = harness();
    await trigger.enable();
    expect(api.calls.map((call) => call.query.page ?? "1")).toEqual(["1", "2"]);

    commits.unshift(...history(120, "b", new Date("2024-05-10T11:59:00Z")));
    const events = await trigger.poll();
    expect(events).toHaveLength(120);
    expect(new Set(events.map((event) => event.id)).size).toBe(120);
    expect(events.every((event) => event.id.startsWith("b"))).toBe(true);
  });

  it("still emits a commit pushed late with an older date, which a date mark would skip", async () => {
    const commits = history(2, "seen", new Date("2024-05-10T11:00:00Z"));
    useCommits(api, commits);
    const trigger = harness();
    await trigger.enable();

    const late = gitHubCommit("late0000", "2024-05-08T09:00:00Z");
    commits.unshift(late);
    await expect(trigger.poll()).resolves.toEqual([
      { id: "late0000", payload: late, occurredAt: "2024-05-08T09:00:00.000Z" },
    ]);
  });

  it("looks back a week from the previous poll", async () => {
    useCommits(api, []);
    const trigger = harness();
    await trigger.enable();
    vi.setSystemTime(new Date("2024-05-11T12:00:00Z"));
    await trigger.poll();
    expect(api.lastCall().query.since).toBe("2024-05-03T12:00:00.000Z");
  });

  it("treats an empty repository (409) as no commits yet", async () => {
    api.use(http.get(commitsUrl, () => gitHubError(409, "Git Repository is empty.")));
    const trigger = harness();
    await expect(trigger.enable()).resolves.toBeUndefined();
    await expect(trigger.poll()).resolves.toEqual([]);
  });

  it("reports other failures", async () => {
    api.use(http.get(commitsUrl, () => gitHubError(404, "Not Found")));
    await expect(harness().enable()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("forgets what it has seen when disabled", async () => {
    const trigger = harness();
    await trigger.enable();
    expect(Object.keys(trigger.store.snapshot())).not.toEqual([]);
    await trigger.disable();
    expect(trigger.store.snapshot()).toEqual({});
  });
});
