import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyConnector } from "@triggo/connector-sdk";
import { findWorkspaceRoot, type PackageJson } from "./discover";
import type { ChangedFiles } from "./git";
import { KEBAB_CASE, toKebabCase } from "./names";
import { readmeStatus } from "./reference";

/** One thing a reviewer would flag: where, which rule, what is wrong and how to fix it. */
export interface Finding {
  /** The connector's package folder, relative to where the command ran. */
  package: string;
  /** The file to change, relative to where the command ran. */
  file: string;
  rule: string;
  /** `connector`, `action send_message`, `trigger new_issue`, `package.json exports`... */
  subject: string;
  message: string;
  fix: string;
}

/** A contract finding as `checkConnectorContract` of @triggo/testing reports it. */
interface ContractFinding {
  rule: string;
  subject: string;
  message: string;
}

type ContractCheck = (
  connector: AnyConnector,
  options: { packageVersion?: string },
) => ContractFinding[];

/** How to fix what each contract rule of @triggo/testing reports. */
const CONTRACT_FIXES: Record<string, string> = {
  version: 'import { version } from "../package.json" and pass it to createConnector.',
  "not-empty": "add an action or a trigger: triggo add action <connector> <name>.",
  "custom-api-call":
    "add createCustomApiCallAction({ auth, apiName, sampleData }) to the connector's actions.",
  serializable: "keep functions, BigInts and cycles out of the metadata describe() returns.",
  "json-schema": "fix the prop definition or the zod schema the message names.",
  "prop-description": "give the prop a description: what the value is and where to find it.",
  "sample-data":
    "set sampleData to an example from the provider's documentation that matches the output or payload schema.",
  "webhook-verify":
    "add verify(context) that checks the provider's signature with a verify function of @triggo/shared.",
  "webhook-signer": "add signDelivery that signs a delivery exactly as the provider does.",
};

/** Everything a package's checks need to know, gathered once. */
export interface PackageUnderReview {
  directory: string;
  packageJson: PackageJson;
  /** The loaded connector, when the package is built and defines one. */
  connector: AnyConnector | undefined;
  /** Where the command ran: finding paths are relative to it. */
  cwd: string;
}

function sourceFiles(directory: string): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== "__fixtures__") visit(path);
      else if (entry.isFile() && entry.name.endsWith(".ts")) found.push(path);
    }
  };
  visit(join(directory, "src"));
  return found.sort();
}

/** Every action and trigger of a connector, by kind and name. */
function membersOf(connector: AnyConnector): { kind: "action" | "trigger"; name: string }[] {
  return [
    ...connector.actions.map((action) => ({ kind: "action" as const, name: action.name })),
    ...connector.triggers.map((trigger) => ({ kind: "trigger" as const, name: trigger.name })),
  ];
}

function wordPattern(name: string): RegExp {
  return new RegExp(`\\b${name}\\b`);
}

/**
 * The source file that defines an action or trigger: the one that sets `name: "<name>"` (the
 * conventional `actions/<kebab-name>.ts` first), or for `custom_api_call` the one that calls
 * `createCustomApiCallAction`.
 */
export function findDefinitionFile(
  directory: string,
  kind: "action" | "trigger",
  name: string,
): string | undefined {
  const files = sourceFiles(directory).filter((file) => !file.endsWith(".test.ts"));
  const expected = join(directory, "src", `${kind}s`, `${toKebabCase(name)}.ts`);
  const definesName = new RegExp(`\\bname:\\s*["'\`]${name}["'\`]`);
  const ordered = [expected, ...files.filter((file) => file !== expected)];
  for (const file of ordered) {
    if (existsSync(file) && definesName.test(readFileSync(file, "utf8"))) return file;
  }
  if (kind === "action" && name === "custom_api_call") {
    return files.find((file) => readFileSync(file, "utf8").includes("createCustomApiCallAction("));
  }
  return undefined;
}

function connectorFile(review: PackageUnderReview): string {
  const name = review.connector?.name ?? basename(review.directory);
  return join(review.directory, "src", `${name}-connector.ts`);
}

function createFinding(review: PackageUnderReview) {
  return (file: string, rule: string, subject: string, message: string, fix: string): Finding => ({
    package: relative(review.cwd, review.directory) || ".",
    file: relative(review.cwd, file) || ".",
    rule,
    subject,
    message,
    fix,
  });
}

/**
 * `package.json` as every published package has it: ESM, `exports` with types first, `files`,
 * `engines`, `sideEffects: false`, `publishConfig` with provenance, `repository.directory`, and
 * @triggo/testing for the contract suite.
 */
export function checkPackageJson(review: PackageUnderReview): Finding[] {
  const finding = createFinding(review);
  const file = join(review.directory, "package.json");
  const manifest = review.packageJson;
  const findings: Finding[] = [];
  const add = (field: string, message: string, fix: string) =>
    findings.push(finding(file, "package-json", `package.json ${field}`, message, fix));

  if (manifest.type !== "module") add("type", 'is not "module".', 'set "type": "module".');
  const exportsField = manifest.exports as Record<string, unknown> | string | undefined;
  const root =
    typeof exportsField === "object" && exportsField !== null ? exportsField["."] : undefined;
  if (typeof root !== "object" || root === null) {
    add(
      "exports",
      'has no "." entry with import and require conditions.',
      'copy "exports" from connectors/typeform/package.json: import and require, each { types, default }.',
    );
  } else {
    for (const [condition, target] of Object.entries(root as Record<string, unknown>)) {
      if (typeof target === "object" && target !== null && Object.keys(target)[0] !== "types") {
        add(
          `exports["."].${condition}`,
          "does not list types first: TypeScript resolves conditions in order.",
          `put "types" first in exports["."].${condition}.`,
        );
      }
    }
  }
  const files = manifest.files as unknown;
  if (!Array.isArray(files) || !files.includes("dist")) {
    add("files", 'does not publish only "dist".', 'set "files": ["dist"].');
  }
  if (typeof (manifest.engines as { node?: unknown } | undefined)?.node !== "string") {
    add("engines", "does not say which Node it needs.", 'set "engines": { "node": ">=20.19" }.');
  }
  if (manifest.sideEffects !== false) {
    add(
      "sideEffects",
      "is not false: bundlers cannot drop unused actions.",
      'set "sideEffects": false.',
    );
  }
  const publish = manifest.publishConfig as { access?: unknown; provenance?: unknown } | undefined;
  if (!manifest.private && (publish?.provenance !== true || publish.access !== "public")) {
    add(
      "publishConfig",
      "does not publish publicly with provenance.",
      'set "publishConfig": { "access": "public", "provenance": true }.',
    );
  }
  const workspaceRoot = findWorkspaceRoot(review.directory) ?? review.directory;
  const expectedDirectory = relative(workspaceRoot, review.directory).split(sep).join("/");
  const repository = manifest.repository as { directory?: unknown } | undefined;
  if (repository?.directory !== expectedDirectory) {
    add(
      "repository.directory",
      `is ${JSON.stringify(repository?.directory)}, not the package's folder "${expectedDirectory}".`,
      `set "repository": { "type": "git", "url": "git+https://github.com/triggo-dev/triggo.git", "directory": "${expectedDirectory}" }.`,
    );
  }
  const devDependencies = (manifest.devDependencies ?? {}) as Record<string, unknown>;
  if (!devDependencies["@triggo/testing"]) {
    add(
      "devDependencies",
      "has no @triggo/testing: the contract suite and validate's contract rules need it.",
      'add "@triggo/testing": "workspace:^" to devDependencies and run pnpm install.',
    );
  }
  return findings;
}

/** Names and casing beyond what the SDK enforces: package name, folder, file names. */
export function checkNames(review: PackageUnderReview): Finding[] {
  const connector = review.connector;
  if (!connector) return [];
  const finding = createFinding(review);
  const findings: Finding[] = [];
  const expectedPackage = `@triggo/connector-${connector.name}`;
  if (review.packageJson.name !== expectedPackage) {
    findings.push(
      finding(
        join(review.directory, "package.json"),
        "names",
        "package.json name",
        `is "${review.packageJson.name}" but the connector is named "${connector.name}".`,
        `name the package "${expectedPackage}" (or the connector after the package).`,
      ),
    );
  }
  if (basename(review.directory) !== connector.name && !review.directory.includes("node_modules")) {
    findings.push(
      finding(
        review.directory,
        "names",
        "connector",
        `lives in "${basename(review.directory)}/" but is named "${connector.name}".`,
        `move the package to connectors/${connector.name}.`,
      ),
    );
  }
  if (!existsSync(connectorFile(review))) {
    findings.push(
      finding(
        connectorFile(review),
        "names",
        "connector",
        "the connector's file is missing.",
        `define the connector in src/${connector.name}-connector.ts.`,
      ),
    );
  }
  for (const { kind, name } of membersOf(connector)) {
    const file = findDefinitionFile(review.directory, kind, name);
    const expected = join(review.directory, "src", `${kind}s`, `${toKebabCase(name)}.ts`);
    if (!file || file === expected) continue;
    const builtIn = kind === "action" && name === "custom_api_call";
    const isOwnFile = dirname(file) === dirname(expected);
    if (!builtIn && !isOwnFile) {
      findings.push(
        finding(
          file,
          "file-name",
          `${kind} ${name}`,
          `is defined in ${relative(review.directory, file)}, not in its own file.`,
          `move it to src/${kind}s/${toKebabCase(name)}.ts: one ${kind} per kebab-case file.`,
        ),
      );
    }
  }
  return findings;
}

/** Every source file under src/ is named in kebab-case (`send-message.ts`, `slack-http.test.ts`). */
export function checkFileNames(review: PackageUnderReview): Finding[] {
  const finding = createFinding(review);
  return sourceFiles(review.directory)
    .filter((file) => !KEBAB_CASE.test(basename(file).replace(/(\.test)?\.ts$/, "")))
    .map((file) => {
      const name = basename(file).replace(/(\.test)?\.ts$/, "");
      return finding(
        file,
        "file-name",
        relative(review.directory, file),
        "is not named in kebab-case.",
        `rename it to ${toKebabCase(name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase())}${basename(file).slice(name.length)}.`,
      );
    });
}

/** Every action and trigger has a test beside its source (in the same folder) that names it. */
export function checkTests(review: PackageUnderReview): Finding[] {
  const connector = review.connector;
  if (!connector) return [];
  const finding = createFinding(review);
  const findings: Finding[] = [];
  for (const { kind, name } of membersOf(connector)) {
    const file = findDefinitionFile(review.directory, kind, name);
    if (!file) {
      findings.push(
        finding(
          join(review.directory, "src"),
          "test",
          `${kind} ${name}`,
          `no source file under src/ sets name: "${name}", so its test cannot be found.`,
          `define it in src/${kind}s/${toKebabCase(name)}.ts.`,
        ),
      );
      continue;
    }
    const folder = dirname(file);
    const tests = readdirSync(folder)
      .filter((entry) => entry.endsWith(".test.ts"))
      .map((entry) => join(folder, entry));
    const pattern = wordPattern(name);
    if (!tests.some((test) => pattern.test(readFileSync(test, "utf8")))) {
      const testFile = file.replace(/\.ts$/, ".test.ts");
      findings.push(
        finding(
          testFile,
          "test",
          `${kind} ${name}`,
          `has no test: no *.test.ts beside ${basename(file)} names "${name}".`,
          `add ${relative(review.cwd, testFile)}: the exact request against msw handlers, the result, and one failure.`,
        ),
      );
    }
  }
  return findings;
}

/** The README exists and its reference section is what `triggo docs` would write. */
export function checkReadme(review: PackageUnderReview): Finding[] {
  const finding = createFinding(review);
  const file = join(review.directory, "README.md");
  const docs = `pnpm build, then triggo docs ${relative(review.cwd, review.directory) || "."}`;
  if (!existsSync(file)) {
    return [
      finding(
        file,
        "readme",
        "README.md",
        "is missing.",
        `write one like connectors/typeform's, then run ${docs}.`,
      ),
    ];
  }
  if (!review.connector) return [];
  const status = readmeStatus(readFileSync(file, "utf8"), review.connector.describe());
  if (status === "current") return [];
  return [
    finding(
      file,
      "readme",
      "README.md reference",
      status === "missing"
        ? "has no reference section (the triggo:reference markers)."
        : "is stale: it differs from the connector's metadata.",
      `run ${docs}.`,
    ),
  ];
}

/**
 * A changeset names the package when the package changed since the main branch. Returns the
 * findings, or a note when git cannot tell (not a repository, no main branch).
 */
export function checkChangeset(
  review: PackageUnderReview,
  changes: ChangedFiles,
): { findings: Finding[]; note?: string } {
  if (review.packageJson.private) return { findings: [] };
  if (!changes.available) {
    return { findings: [], note: `changeset rule skipped: ${changes.reason}.` };
  }
  const packagePath = relative(changes.root, review.directory).split(sep).join("/");
  if (!changes.files.some((file) => file.startsWith(`${packagePath}/`))) return { findings: [] };
  const workspaceRoot = findWorkspaceRoot(review.directory) ?? changes.root;
  const changesetFolder = relative(changes.root, join(workspaceRoot, ".changeset"))
    .split(sep)
    .join("/");
  const name = review.packageJson.name ?? "";
  const named = changes.files.some((file) => {
    if (!file.startsWith(`${changesetFolder}/`) || !file.endsWith(".md")) return false;
    const path = join(changes.root, file);
    return existsSync(path) && readFileSync(path, "utf8").includes(`"${name}"`);
  });
  if (named) return { findings: [] };
  const file = join(workspaceRoot, ".changeset", `${basename(review.directory)}.md`);
  return {
    findings: [
      createFinding(review)(
        file,
        "changeset",
        name,
        `changed since main (${changes.base.slice(0, 7)}) but no new changeset names it.`,
        `run pnpm changeset, or add ${relative(review.cwd, file)} with front matter "${name}": minor|patch and one sentence for the CHANGELOG.`,
      ),
    ],
  };
}

/** `checkConnectorContract` from the @triggo/testing the connector's own tests use, if installed. */
export async function loadContractCheck(directory: string): Promise<ContractCheck | undefined> {
  try {
    const require = createRequire(join(directory, "package.json"));
    const manifestPath = require.resolve("@triggo/testing/package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      exports?: { ".": { import?: { default?: string } } };
      module?: string;
    };
    const entry = manifest.exports?.["."].import?.default ?? manifest.module ?? "dist/index.js";
    const module = (await import(pathToFileURL(join(dirname(manifestPath), entry)).href)) as {
      checkConnectorContract?: ContractCheck;
    };
    return module.checkConnectorContract;
  } catch {
    return undefined;
  }
}

/**
 * The contract rules of @triggo/testing (metadata, sample data against schemas, valid JSON
 * Schemas, webhook signing), each pointed at the file that defines its subject.
 */
export function checkContract(review: PackageUnderReview, check: ContractCheck): Finding[] {
  const connector = review.connector;
  if (!connector) return [];
  const finding = createFinding(review);
  const contractFindings = check(connector, {
    ...(review.packageJson.version ? { packageVersion: review.packageJson.version } : {}),
  });
  return contractFindings.map((item) => {
    const owner = /^(action|trigger) ([a-z0-9_]+)/.exec(item.subject);
    const file =
      (owner &&
        findDefinitionFile(review.directory, owner[1] as "action" | "trigger", owner[2]!)) ||
      connectorFile(review);
    return finding(
      file,
      item.rule,
      item.subject,
      item.message,
      CONTRACT_FIXES[item.rule] ?? "follow the message.",
    );
  });
}
