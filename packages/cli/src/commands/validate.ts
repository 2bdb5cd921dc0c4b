import { basename, join, relative } from "node:path";
import { type Command, EXIT, writeJson } from "../command";
import { connectorDirectories, loadConnectorPackage, readPackageJson } from "../discover";
import { changedSinceMain } from "../git";
import { createProgress, type Style } from "../output";
import {
  checkChangeset,
  checkContract,
  checkFileNames,
  checkNames,
  checkPackageJson,
  checkReadme,
  checkTests,
  type Finding,
  findDefinitionFile,
  loadContractCheck,
  type PackageUnderReview,
} from "../validate-rules";

/** Which rule a definition error thrown while loading the connector breaks. */
function loadRule(message: string): string {
  if (/is not built/.test(message)) return "build";
  if (/names are (kebab-case|snake_case)|prop key/.test(message)) return "names";
  if (/has no (description|displayName)/.test(message)) return "description";
  if (/has two .* named/.test(message)) return "unique-name";
  if (/sampleData/.test(message)) return "sample-data";
  return "definition";
}

/** A finding for a package that cannot be loaded: not built, or a definition the SDK refused. */
function loadFinding(directory: string, cwd: string, message: string): Finding {
  const rule = loadRule(message);
  const owner = /^(Action|Trigger) (?:name )?"([^"]+)"/.exec(message);
  const definition =
    owner &&
    findDefinitionFile(directory, owner[1]!.toLowerCase() as "action" | "trigger", owner[2]!);
  const file =
    rule === "build" ? join(directory, "dist", "index.js") : (definition ?? join(directory, "src"));
  return {
    package: relative(cwd, directory) || ".",
    file: relative(cwd, file) || ".",
    rule,
    subject: owner ? `${owner[1]!.toLowerCase()} ${owner[2]}` : "connector",
    message,
    fix:
      rule === "build"
        ? `build it: pnpm --filter ${readPackageJson(directory)?.name ?? "<package>"} build.`
        : "fix the definition as the message says, then build again.",
  };
}

/** `1 finding`, `2 findings`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Findings grouped by file, each with its rule, subject, message and fix; then a summary. */
function formatFindings(
  findings: Finding[],
  checked: number,
  notes: string[],
  style: Style,
): string {
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  }
  for (const [file, items] of byFile) {
    lines.push(style.bold(file));
    for (const item of items) {
      lines.push(
        `  ${style.red("✗")} ${style.yellow(item.rule)}  ${item.subject}: ${item.message}`,
      );
      lines.push(`    ${style.dim("fix:")} ${item.fix}`);
    }
    lines.push("");
  }
  for (const note of notes) lines.push(`${style.dim("note:")} ${note}`);
  lines.push(
    findings.length === 0
      ? `${style.green("✓")} ${plural(checked, "connector")} checked: no findings.`
      : `${plural(findings.length, "finding")} in ${plural(checked, "connector")} checked.`,
  );
  return `${lines.join("\n")}\n`;
}

/** `triggo validate [paths…]`: checks connectors as a reviewer would. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check connectors as a reviewer would (exit 1 on findings)",
  usage: "validate [paths…] [--json]",
  help: `triggo validate [paths…] [--json]

Checks each connector package (with no paths: every connector of the workspace) as a
reviewer would, and names for each finding the file, the rule and the fix:

  build, definition       the package is built and the SDK accepts its definition
  names, description,     names and casing (package @triggo/connector-<name>, folder,
  unique-name, file-name  src/<name>-connector.ts, kebab-case files, one per action and
                          trigger), descriptions, names unique in the connector and workspace
  version, not-empty, custom-api-call, serializable, json-schema, prop-description,
  sample-data, webhook-verify, webhook-signer
                          the contract rules of @triggo/testing (sample data present and
                          matching the output/payload schemas, JSON Schemas valid...)
  test                    every action and trigger has a test beside its source naming it
  readme                  the README's reference section is what triggo docs writes
  package-json            type, exports (types first), files, engines, sideEffects,
                          publishConfig (provenance), repository.directory, @triggo/testing
  changeset               a changeset names the package when it changed since main
                          (skipped with a note outside git or without a main branch)

The package must be built (pnpm build). Exit code 1 when anything is found.

Example:
  triggo validate connectors/acme-crm --json
`,
  async run(context) {
    const cwd = context.io.cwd;
    const directories = connectorDirectories(cwd, context.positionals);
    if (directories.length === 0) {
      throw new Error(
        "no connectors found: run inside the workspace or give a connector's folder.",
      );
    }
    const changes = changedSinceMain(cwd);
    const progress = createProgress(context.io.stderr);
    const findings: Finding[] = [];
    const notes = new Set<string>();
    const owners = new Map<string, string>();
    for (const [index, directory] of directories.entries()) {
      progress.update(`validating ${basename(directory)} (${index + 1}/${directories.length})...`);
      const packageJson = readPackageJson(directory) ?? {};
      const review: PackageUnderReview = { directory, packageJson, connector: undefined, cwd };
      try {
        const loaded = await loadConnectorPackage(directory);
        review.connector = loaded[0]?.connector;
        if (!review.connector) {
          findings.push(
            loadFinding(
              directory,
              cwd,
              "exports no connector: export the createConnector(...) result by name from src/index.ts.",
            ),
          );
        }
      } catch (error) {
        findings.push(loadFinding(directory, cwd, (error as Error).message));
      }
      const name = review.connector?.name;
      if (name && owners.has(name)) {
        findings.push({
          package: relative(cwd, directory) || ".",
          file: relative(cwd, join(directory, "package.json")),
          rule: "unique-name",
          subject: "connector",
          message: `is named "${name}" like the connector in ${owners.get(name)}.`,
          fix: "give each connector its own name.",
        });
      } else if (name) owners.set(name, relative(cwd, directory) || ".");
      findings.push(...checkPackageJson(review), ...checkNames(review), ...checkFileNames(review));
      if (review.connector) {
        const contract = await loadContractCheck(directory);
        if (contract) findings.push(...checkContract(review, contract));
        else
          notes.add(
            `${relative(cwd, directory) || "."}: contract rules skipped: @triggo/testing is not installed there (pnpm install).`,
          );
      }
      findings.push(...checkTests(review), ...checkReadme(review));
      const changeset = checkChangeset(review, changes);
      findings.push(...changeset.findings);
      if (changeset.note) notes.add(changeset.note);
    }
    progress.done();
    if (context.values.json) {
      writeJson(context, {
        checked: directories.map((directory) => relative(cwd, directory) || "."),
        findings,
        notes: [...notes],
      });
    } else {
      context.io.stdout.write(
        formatFindings(findings, directories.length, [...notes], context.style),
      );
    }
    return findings.length > 0 ? EXIT.FAILURE : EXIT.OK;
  },
};
