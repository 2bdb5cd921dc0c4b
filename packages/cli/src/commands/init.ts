import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Command, EXIT, stringOption, writeJson } from "../command";
import { findWorkspaceRoot } from "../discover";
import { assertConnectorName, UsageError } from "../names";
import { renderReference } from "../reference";
import { writeNewFiles } from "../scaffold";
import { connectorChangeset, connectorFiles, describeNewConnector } from "../templates/connector";
import { connectorNames } from "../templates/names";

/** The LICENSE a new package copies: the workspace's, else the one shipped with the CLI. */
function licenseSource(workspaceRoot: string): string | undefined {
  const candidates = [join(workspaceRoot, "LICENSE")];
  try {
    candidates.push(join(dirname(fileURLToPath(import.meta.url)), "..", "LICENSE"));
  } catch {
    // CommonJS build: import.meta.url is not there; the workspace's LICENSE is enough.
  }
  return candidates.find((path) => existsSync(path));
}

/** `triggo init connector <name>`: a new connector package from the template. */
export const initCommand: Command = {
  name: "init",
  summary: "create a connector package from the template",
  usage: "init connector <name> [--dir <path>] [--display-name <text>]",
  help: `triggo init connector <name> [--dir <path>] [--display-name <text>] [--json]

Creates a connector package modelled on connectors/typeform: package.json (exports types
first, files, engines, sideEffects, publishConfig with provenance, repository.directory),
README with its generated reference section, LICENSE, tsconfig.json, tsup.config.ts,
src/<name>-connector.ts, <name>-auth.ts, <name>-http.ts, mocks.ts (msw handlers), index.ts, a
custom_api_call action with its msw test, and .changeset/<name>-connector.md. It builds, tests
and validates green straight away.

<name> is kebab-case: lowercase letters and digits joined by "-", starting with a letter.
The package goes to <workspace>/connectors/<name>, or to --dir. --display-name sets the name
users see (default: the name in title case, "Acme Crm").

Example:
  triggo init connector acme-crm --display-name "Acme CRM" && pnpm install && pnpm --filter @triggo/connector-acme-crm build test
`,
  options: { dir: { type: "string" }, "display-name": { type: "string" } },
  async run(context) {
    const [kind, rawName] = context.positionals;
    if (kind !== "connector") {
      throw new UsageError(`init makes a connector: "triggo init connector <name>".`);
    }
    const name = assertConnectorName(rawName);
    const cwd = context.io.cwd;
    const workspaceRoot = findWorkspaceRoot(cwd) ?? cwd;
    const dirOption = stringOption(context, "dir");
    const directory = dirOption ? resolve(cwd, dirOption) : join(workspaceRoot, "connectors", name);
    if (existsSync(directory) && readdirSync(directory).length > 0) {
      throw new Error(`${relative(cwd, directory)} exists and is not empty: choose another --dir.`);
    }
    const names = connectorNames(name, stringOption(context, "display-name"));
    const location = {
      directory: relative(workspaceRoot, directory).split(sep).join("/"),
      toRoot: relative(directory, workspaceRoot).split(sep).join("/") || ".",
    };
    const reference = renderReference(describeNewConnector(names));
    const written = writeNewFiles(directory, connectorFiles(names, location, reference), cwd);
    const license = licenseSource(workspaceRoot);
    if (license) {
      copyFileSync(license, join(directory, "LICENSE"));
      written.push(relative(cwd, join(directory, "LICENSE")));
    }
    const changeset = join(workspaceRoot, ".changeset", `${name}-connector.md`);
    if (!existsSync(changeset)) {
      mkdirSync(dirname(changeset), { recursive: true });
      writeFileSync(changeset, connectorChangeset(names));
      written.push(relative(cwd, changeset));
    }
    const packagePath = relative(cwd, directory) || ".";
    const warnings = existsSync(join(workspaceRoot, "tsconfig.base.json"))
      ? []
      : [
          `${relative(cwd, workspaceRoot) || "."} is not the Triggo monorepo: the package's tsconfig.json and tsup.config.ts extend ${location.toRoot}/tsconfig.base.json and tsup.config.base.ts, and its workspace:^ dependencies need the monorepo.`,
        ];
    if (context.values.json) {
      writeJson(context, {
        package: names.packageName,
        directory: packagePath,
        files: written,
        warnings,
      });
      return EXIT.OK;
    }
    const { style } = context;
    context.io.stdout.write(
      [
        `${style.green("Created")} ${style.bold(names.packageName)} in ${packagePath}:`,
        ...written.map((file) => `  ${file}`),
        ...warnings.map((warning) => `${style.yellow("warning")} ${warning}`),
        "",
        "Next:",
        "  pnpm install",
        `  pnpm --filter ${names.packageName} build test`,
        `  triggo validate ${packagePath}`,
        `  triggo add action ${name} <action_name>   # then pnpm build and triggo docs ${packagePath}`,
        "",
      ].join("\n"),
    );
    return EXIT.OK;
  },
};
