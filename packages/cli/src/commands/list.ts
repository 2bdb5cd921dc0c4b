import { relative } from "node:path";
import type { ConnectorDescription, JsonSchema } from "@triggo/connector-sdk";
import { type Command, EXIT, writeJson } from "../command";
import { discoverConnectors } from "../discover";
import type { Style } from "../output";

function propsSignature(schema: JsonSchema): string {
  const properties = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  const required = new Set((schema.required ?? []) as string[]);
  return properties.map((name) => (required.has(name) ? `${name}*` : name)).join(", ");
}

/** The catalog as text: one block per connector, one line per action and trigger. */
export function formatCatalog(
  descriptions: { packageName: string; description: ConnectorDescription }[],
  style: Style,
): string {
  if (descriptions.length === 0) return "No connectors found.\n";
  const lines: string[] = [];
  for (const { packageName, description } of descriptions) {
    lines.push(
      `${style.bold(description.displayName)} ${style.dim(`${description.name} · ${packageName}@${description.version} · auth ${description.auth.type}`)}`,
    );
    lines.push(`  ${description.description}`);
    for (const action of description.actions) {
      lines.push(
        `  ${style.cyan("action ")} ${action.name}(${propsSignature(action.props)})  ${style.dim(action.displayName)}`,
      );
    }
    for (const trigger of description.triggers) {
      const kind =
        trigger.type === "POLLING"
          ? `polling every ${trigger.intervalSeconds}s`
          : trigger.appWebhook
            ? "app webhook"
            : "webhook";
      lines.push(
        `  ${style.green("trigger")} ${trigger.name}(${propsSignature(trigger.props)})  ${style.dim(`${trigger.displayName} · ${kind}`)}`,
      );
    }
    lines.push("");
  }
  const actions = descriptions.reduce((sum, item) => sum + item.description.actions.length, 0);
  const triggers = descriptions.reduce((sum, item) => sum + item.description.triggers.length, 0);
  lines.push(
    `${descriptions.length} connectors, ${actions} actions, ${triggers} triggers. * marks a required prop.`,
  );
  lines.push(`Full JSON Schemas: triggo describe <connector> --json`);
  return `${lines.join("\n")}\n`;
}

/** `triggo list`: every connector with its actions and triggers. */
export const listCommand: Command = {
  name: "list",
  summary: "the connectors with their actions and triggers",
  usage: "list [--json]",
  help: `triggo list [--json]

Lists every connector (the workspace's connectors/, or the @triggo/connector-* packages
installed here) with its actions and triggers; * marks a required prop. --json prints each
connector's full description, with the JSON Schema of every action's and trigger's props.

Example:
  triggo list --json | jq '.[].actions[].name'
`,
  async run(context) {
    const catalog = await discoverConnectors(context.io.cwd, (directory, error) => {
      context.io.stderr.write(
        `triggo: skipped ${relative(context.io.cwd, directory)}: ${error.message}\n`,
      );
    });
    const descriptions = catalog.map((item) => ({
      packageName: item.packageName,
      description: item.connector.describe(),
    }));
    if (context.values.json)
      writeJson(
        context,
        descriptions.map((item) => item.description),
      );
    else context.io.stdout.write(formatCatalog(descriptions, context.style));
    return EXIT.OK;
  },
};
