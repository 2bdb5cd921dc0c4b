import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type Command, EXIT, writeJson } from "../command";
import { connectorDirectories, loadConnectorPackage } from "../discover";
import { createProgress } from "../output";
import { readmeStatus, updateReadme } from "../reference";

/** What `triggo docs` did, or (with --check) found, for one README. */
interface DocsResult {
  readme: string;
  status: "current" | "updated" | "stale" | "missing" | "markers-added" | "failed";
  /** Why the connector could not be loaded (status `failed`). */
  error?: string;
}

const DESCRIBED: Record<DocsResult["status"], string> = {
  current: "up to date",
  updated: "reference section regenerated",
  stale: "stale: run triggo docs",
  missing: "has no reference section (no triggo:reference markers): run triggo docs",
  "markers-added": "had no triggo:reference markers: added them at the end with the reference",
  failed: "not checked",
};

const PROBLEMS: ReadonlySet<DocsResult["status"]> = new Set(["stale", "missing", "failed"]);

/** `triggo docs [paths…] [--check]`: regenerates each README's reference section. */
export const docsCommand: Command = {
  name: "docs",
  summary: "regenerate each connector README's reference section (--check: exit 1 if stale)",
  usage: "docs [paths…] [--check] [--json]",
  help: `triggo docs [paths…] [--check] [--json]

Regenerates the reference section of each connector's README (with no paths: every connector
of the workspace) from its metadata: a table of actions and a table of triggers with their
props (* marks a required one), types and descriptions, between the markers
<!-- triggo:reference:start --> and <!-- triggo:reference:end -->. A README without the
markers gets them, with the section, at its end (the output says so). The package must be
built first (pnpm build): the metadata comes from dist/.

--check changes nothing and exits 1 when a README is stale or lacks the section (for CI).
A connector that cannot be loaded (not built, broken definition) is reported; exit code 1.

Example:
  triggo docs connectors/acme-crm --check
`,
  options: { check: { type: "boolean" } },
  async run(context) {
    const cwd = context.io.cwd;
    const check = Boolean(context.values.check);
    const directories = connectorDirectories(cwd, context.positionals);
    if (directories.length === 0) {
      throw new Error(
        "no connectors found: run inside the workspace or give a connector's folder.",
      );
    }
    const progress = createProgress(context.io.stderr);
    const results: DocsResult[] = [];
    for (const [index, directory] of directories.entries()) {
      progress.update(`docs ${relative(cwd, directory)} (${index + 1}/${directories.length})...`);
      const path = join(directory, "README.md");
      let found: Awaited<ReturnType<typeof loadConnectorPackage>>[number] | undefined;
      try {
        [found] = await loadConnectorPackage(directory);
        if (!found) throw new Error("it exports no connector.");
      } catch (error) {
        results.push({
          readme: relative(cwd, path),
          status: "failed",
          error: (error as Error).message,
        });
        continue;
      }
      const readme = existsSync(path) ? readFileSync(path, "utf8") : "";
      const description = found.connector.describe();
      const status = readmeStatus(readme, description);
      let result: DocsResult["status"] = status;
      if (!check && status !== "current") {
        const updated = updateReadme(readme, description);
        writeFileSync(path, updated.text);
        result = updated.markersAdded ? "markers-added" : "updated";
      }
      results.push({ readme: relative(cwd, path), status: result });
    }
    progress.done();
    if (context.values.json) writeJson(context, results);
    else {
      const { style } = context;
      const lines = results.map((item) => {
        const mark =
          item.status === "current"
            ? style.green("✓")
            : PROBLEMS.has(item.status)
              ? style.red("✗")
              : style.yellow("↻");
        return `${mark} ${item.readme}: ${item.error ?? DESCRIBED[item.status]}`;
      });
      context.io.stdout.write(`${lines.join("\n")}\n`);
    }
    const failed = results.some((item) => item.status === "failed");
    const stale = results.some((item) => item.status === "stale" || item.status === "missing");
    return failed || (check && stale) ? EXIT.FAILURE : EXIT.OK;
  },
};
