import type { ConnectorDescription, JsonSchema } from "@triggo/connector-sdk";
import { type Command, EXIT, writeJson } from "../command";
import { findConnector } from "../discover";
import { UsageError } from "../names";
import type { Style } from "../output";

function formatProps(schema: JsonSchema, indent: string, style: Style): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const lines: string[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    const hints = (prop["x-triggo"] ?? {}) as { type?: string; dynamicOptions?: boolean };
    const type = hints.type ?? String(prop.type ?? "any");
    const flags = [
      required.has(name) ? "required" : "optional",
      hints.dynamicOptions ? "options from the API" : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    lines.push(
      `${indent}${style.bold(name)} ${style.dim(`${type}, ${flags}`)}${prop.description ? ` — ${String(prop.description)}` : ""}`,
    );
  }
  return lines.length ? lines : [`${indent}${style.dim("(no props)")}`];
}

/** One connector as text: its auth and the props of every action and trigger. */
export function formatDescription(description: ConnectorDescription, style: Style): string {
  const lines = [
    `${style.bold(description.displayName)} ${style.dim(`${description.name}@${description.version}`)}`,
    description.description,
    "",
    `${style.bold("Auth")}: ${description.auth.type}${description.auth.description ? ` — ${description.auth.description}` : ""}`,
  ];
  if (description.auth.scopes?.length)
    lines.push(`  scopes: ${description.auth.scopes.join(", ")}`);
  if (description.auth.props) lines.push(...formatProps(description.auth.props, "  ", style));
  lines.push("", style.bold("Actions"));
  for (const action of description.actions) {
    lines.push(
      `  ${style.cyan(action.name)} — ${action.description}`,
      ...formatProps(action.props, "    ", style),
    );
  }
  lines.push("", style.bold("Triggers"));
  for (const trigger of description.triggers) {
    lines.push(
      `  ${style.green(trigger.name)} (${trigger.type.toLowerCase()}) — ${trigger.description}`,
      ...formatProps(trigger.props, "    ", style),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `triggo describe <connector>`: auth and the props of every action and trigger. */
export const describeCommand: Command = {
  name: "describe",
  summary: "one connector: auth, props of every action and trigger",
  usage: "describe <connector> [--json]",
  help: `triggo describe <connector> [--json]

Shows one connector: its auth, and the props of every action and trigger.
--json prints the description with each JSON Schema.

Example:
  triggo describe slack --json
`,
  async run(context) {
    const name = context.positionals[0];
    if (!name)
      throw new UsageError(`describe needs a connector name, e.g. "triggo describe slack".`);
    const found = await findConnector(context.io.cwd, name);
    const description = found.connector.describe();
    if (context.values.json) writeJson(context, description);
    else context.io.stdout.write(formatDescription(description, context.style));
    return EXIT.OK;
  },
};
