import { spawnSync } from "node:child_process";

/** What git says changed in a repository since it left its main branch. */
export type ChangedFiles =
  | { available: true; root: string; base: string; files: string[] }
  | { available: false; reason: string };

function git(cwd: string, args: string[]): string | undefined {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * The files changed (committed, staged, unstaged or new and not ignored) since the merge-base
 * with `main` (or `origin/main`), as paths relative to the repository root. Read-only: it runs
 * only `git rev-parse`, `git merge-base`, `git diff --name-only` and `git ls-files`.
 */
export function changedSinceMain(cwd: string): ChangedFiles {
  const root = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (root === undefined) return { available: false, reason: "not inside a git repository" };
  const branch = ["main", "origin/main"].find(
    (name) => git(cwd, ["rev-parse", "--verify", "--quiet", name]) !== undefined,
  );
  if (!branch) return { available: false, reason: "the repository has no main branch" };
  const base = git(cwd, ["merge-base", "HEAD", branch]);
  if (!base) return { available: false, reason: `HEAD shares no history with ${branch}` };
  const changed = git(root, ["diff", "--name-only", base]) ?? "";
  const untracked = git(root, ["ls-files", "--others", "--exclude-standard"]) ?? "";
  const files = [...new Set([...changed.split("\n"), ...untracked.split("\n")])].filter(
    (file) => file !== "",
  );
  return { available: true, root, base, files };
}
