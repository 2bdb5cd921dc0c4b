import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { AnyConnector, AnyProperty } from "@triggo/connector-sdk";
import { type Command, EXIT, writeJson } from "../command";
import { findWorkspaceRoot, loadConnectorPackage, readPackageJson } from "../discover";
import { assertMemberName, toKebabCase, UsageError } from "../names";
import { writeNewFiles } from "../scaffold";
import { insertArrayEntry, insertStatement } from "../source-edit";
import { actionFiles, actionOutputType } from "../templates/action";
import { connectorNames, memberNames, SECRET_TEST_AUTH, type TestAuth } from "../templates/names";
import { pollingTriggerFiles, triggerPayloadType, webhookTriggerFiles } from "../templates/trigger";
import { findDefinitionFile } from "../validate-rules";

/** A value a test can give for a required CustomAuth field. */
function testValue(key: string, property: AnyProperty): string {
  if (property.type === "STATIC_DROPDOWN") return JSON.stringify(property.options[0]?.value ?? "");
  if (property.type === "NUMBER") return "1";
  if (property.type === "CHECKBOX") return "true";
  return JSON.stringify(`test-${toKebabCase(key)}-123456`);
}

/**
 * How the new tests authenticate: from the built connector's auth when there is a build, else
 * guessed from src/<connector>-auth.ts (SecretText, as the template has, unless it says otherwise).
 */
async function testAuthFor(directory: string, connectorName: string): Promise<TestAuth> {
  let connector: AnyConnector | undefined;
  try {
    connector = (await loadConnectorPackage(directory))[0]?.connector;
  } catch {
    // Not built (or broken): read the auth's source instead.
  }
  const authFile = join(directory, "src", `${connectorName}-auth.ts`);
  const source = existsSync(authFile) ? readFileSync(authFile, "utf8") : "";
  const type =
    connector?.auth.type ??
    (/ConnectorAuth\.CustomAuth\(/.test(source)
      ? "CUSTOM"
      : /ConnectorAuth\.None\(/.test(source)
        ? "NONE"
        : "SECRET_TEXT");
  if (type === "NONE") return { declaration: undefined, bearer: false };
  if (type !== "CUSTOM") {
    return { ...SECRET_TEST_AUTH, bearer: !connector?.http?.authenticate };
  }
  const props = (connector?.auth.props ?? {}) as Record<string, AnyProperty>;
  const fields = Object.entries(props)
    .filter(([, property]) => property.required)
    .map(([key, property]) => `${key}: ${testValue(key, property)}`);
  return {
    declaration:
      fields.length > 0
        ? `const auth = { ${fields.join(", ")} };`
        : "const auth = {}; // TODO: the auth's fields",
    bearer: false,
  };
}

/** The package folder of `connector`: a path to it, or its name in the workspace's connectors/. */
function connectorDirectory(cwd: string, connector: string): string {
  const asPath = resolve(cwd, connector);
  if (existsSync(join(asPath, "package.json"))) return asPath;
  const root = findWorkspaceRoot(cwd) ?? cwd;
  const inWorkspace = join(root, "connectors", connector);
  if (existsSync(join(inWorkspace, "package.json"))) return inWorkspace;
  throw new Error(
    `no connector package "${connector}": give its folder (connectors/${connector}) or create it with "triggo init connector ${connector}".`,
  );
}

/** `triggo add action|trigger <connector> <name>`: a new file, its test, its export. */
export const addCommand: Command = {
  name: "add",
  summary: "add an action or a trigger (file, test, export) to a connector",
  usage: "add action|trigger <connector> <name> [--webhook]",
  help: `triggo add action <connector> <name> [--json]
triggo add trigger <connector> <name> [--webhook] [--json]

Adds src/actions/<name>.ts (or src/triggers/<name>.ts) with its msw test beside it, registers
it in src/<connector>-connector.ts and exports its output (or payload) type from src/index.ts.
A trigger polls; with --webhook it registers a webhook on enable, verifies an HMAC signature and
signs test deliveries (signDelivery). <connector> is the connector's name in the workspace or
its folder; <name> is snake_case: lowercase letters and digits joined by "_", starting with a
letter. Then fill in the endpoints (the TODOs), build, and refresh the README with triggo docs.

Example:
  triggo add trigger acme-crm contact_updated --webhook
`,
  options: { webhook: { type: "boolean" } },
  async run(context) {
    const [kind, connector, rawName] = context.positionals;
    if (kind !== "action" && kind !== "trigger") {
      throw new UsageError(
        `add needs what to add: "triggo add action <connector> <name>" or "triggo add trigger <connector> <name>".`,
      );
    }
    if (!connector)
      throw new UsageError(
        `add ${kind} needs the connector, e.g. "triggo add ${kind} acme-crm <name>".`,
      );
    const name = assertMemberName(kind, rawName);
    const cwd = context.io.cwd;
    const directory = connectorDirectory(cwd, connector);
    const packageName = readPackageJson(directory)?.name ?? "";
    const connectorName = packageName.replace(/^@triggo\/connector-/, "");
    const connectorFile = join(directory, "src", `${connectorName}-connector.ts`);
    if (!existsSync(connectorFile)) {
      throw new Error(
        `${relative(cwd, connectorFile)} is missing: add works on connectors shaped like connectors/typeform.`,
      );
    }
    const connectorSource = readFileSync(connectorFile, "utf8");
    const displayName = /\bdisplayName:\s*"([^"]+)"/.exec(connectorSource)?.[1];
    const names = connectorNames(connectorName, displayName);
    const member = memberNames(name);
    const existing = findDefinitionFile(directory, kind, name);
    if (existing) {
      throw new Error(
        `${connectorName} has ${kind === "action" ? "an" : "a"} ${kind} named "${name}" already (${relative(cwd, existing)}): ${kind} names are unique within a connector.`,
      );
    }
    const testAuth = await testAuthFor(directory, connectorName);
    const written = writeNewFiles(
      directory,
      kind === "action"
        ? actionFiles(names, member, testAuth)
        : context.values.webhook
          ? webhookTriggerFiles(names, member, testAuth)
          : pollingTriggerFiles(names, member, testAuth),
      cwd,
    );
    const folder = `./${kind}s/${member.fileName}`;
    const withImport = insertStatement(
      connectorSource,
      `import { ${member.variable} } from "${folder}";`,
      folder,
    );
    const registered = insertArrayEntry(withImport, `${kind}s`, member.variable);
    const warnings: string[] = [];
    if (registered) writeFileSync(connectorFile, registered);
    else
      warnings.push(
        `${relative(cwd, connectorFile)} has no ${kind}s array: add ${member.variable} to it by hand.`,
      );
    const indexFile = join(directory, "src", "index.ts");
    const typeName =
      kind === "action" ? actionOutputType(names, member) : triggerPayloadType(names, member);
    if (existsSync(indexFile)) {
      writeFileSync(
        indexFile,
        insertStatement(
          readFileSync(indexFile, "utf8"),
          `export type { ${typeName} } from "${folder}";`,
          folder,
        ),
      );
    } else warnings.push(`${relative(cwd, indexFile)} is missing: export ${typeName} by hand.`);
    const edited = [relative(cwd, connectorFile), relative(cwd, indexFile)];
    if (context.values.json) {
      writeJson(context, { created: written, edited, warnings });
      return EXIT.OK;
    }
    const packagePath = relative(cwd, directory) || ".";
    context.io.stdout.write(
      [
        `${context.style.green("Added")} ${kind} ${context.style.bold(name)} to ${names.packageName}:`,
        ...written.map((file) => `  created ${file}`),
        ...edited.map((file) => `  edited  ${file}`),
        ...warnings.map((warning) => `  ${context.style.yellow("warning")} ${warning}`),
        "",
        `Next: fill in the TODOs, then pnpm --filter ${names.packageName} build test && triggo docs ${packagePath}`,
        "",
      ].join("\n"),
    );
    return EXIT.OK;
  },
};
