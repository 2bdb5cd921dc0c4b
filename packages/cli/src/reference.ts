import type { ConnectorDescription, JsonSchema } from "@triggo/connector-sdk";

/** The marker before the generated part of a connector's README. */
export const REFERENCE_START = "<!-- triggo:reference:start -->";
/** The marker after the generated part of a connector's README. */
export const REFERENCE_END = "<!-- triggo:reference:end -->";

const MAX_LISTED_OPTIONS = 6;

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text
    .replace(/\r?\n+/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

/** A readable type for a prop's JSON Schema: `text`, `number`, `one of a, b`, `dropdown`... */
export function typeLabel(schema: JsonSchema): string {
  const hints = (schema["x-triggo"] ?? {}) as { type?: string; dynamicOptions?: boolean };
  const oneOf = schema.oneOf as { const?: unknown }[] | undefined;
  switch (hints.type) {
    case "STATIC_DROPDOWN": {
      const values = (oneOf ?? []).map((option) => `\`${String(option.const)}\``);
      const shown = values.slice(0, MAX_LISTED_OPTIONS).join(", ");
      return values.length > MAX_LISTED_OPTIONS ? `one of ${shown}, ...` : `one of ${shown}`;
    }
    case "DROPDOWN":
      return "dropdown (loaded from the API)";
    case "MULTI_SELECT_DROPDOWN":
      return hints.dynamicOptions ? "list (loaded from the API)" : "list of choices";
    case "DATE_TIME":
      return "date-time";
    case "JSON":
      return "JSON";
    case "FILE":
      return "file";
    case "LONG_TEXT":
      return "text (multi-line)";
    case "SHORT_TEXT":
      return "text";
    default:
      return typeof schema.type === "string" ? schema.type : "any";
  }
}

function propsCell(props: JsonSchema): string {
  const properties = (props.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((props.required ?? []) as string[]);
  const lines = Object.entries(properties).map(([name, schema]) => {
    const extras = [typeLabel(schema)];
    if (schema.default !== undefined) extras.push(`default ${JSON.stringify(schema.default)}`);
    const description = typeof schema.description === "string" ? `: ${schema.description}` : "";
    return `\`${name}\`${required.has(name) ? "\\*" : ""} (${extras.join(", ")})${description}`;
  });
  return lines.length === 0 ? "none" : lines.map(cell).join("<br>");
}

/**
 * The README's reference section for a connector, markers included: a table of actions and a
 * table of triggers, each with its props (`*` marks a required one), types and descriptions.
 */
export function renderReference(description: ConnectorDescription): string {
  const lines = [
    REFERENCE_START,
    "<!-- Generated from the connector's metadata by `triggo docs`: edit the code, not this section. -->",
    "",
    "### Actions",
    "",
  ];
  if (description.actions.length === 0) lines.push("None.");
  else {
    lines.push("| Action | What it does | Props (`*` required) |", "| --- | --- | --- |");
    for (const action of description.actions) {
      lines.push(
        `| \`${action.name}\` | ${cell(`**${action.displayName}**. ${action.description}`)} | ${propsCell(action.props)} |`,
      );
    }
  }
  lines.push("", "### Triggers", "");
  if (description.triggers.length === 0) lines.push("None.");
  else {
    lines.push(
      "| Trigger | Kind | What it does | Props (`*` required) |",
      "| --- | --- | --- | --- |",
    );
    for (const trigger of description.triggers) {
      const kind =
        trigger.type === "POLLING"
          ? `polling, every ${trigger.intervalSeconds ?? 300} s`
          : trigger.appWebhook
            ? "webhook (app-level)"
            : "webhook";
      lines.push(
        `| \`${trigger.name}\` | ${kind} | ${cell(`**${trigger.displayName}**. ${trigger.description}`)} | ${propsCell(trigger.props)} |`,
      );
    }
  }
  lines.push("", REFERENCE_END);
  return lines.join("\n");
}

/** The README with its reference section replaced, or appended at the end when it had none. */
export function updateReadme(
  readme: string,
  description: ConnectorDescription,
): { text: string; markersAdded: boolean } {
  const section = renderReference(description);
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start === -1 || end === -1 || end < start) {
    const base = readme.trimEnd();
    return {
      text: `${base}${base === "" ? "" : "\n\n"}## Reference\n\n${section}\n`,
      markersAdded: true,
    };
  }
  return {
    text: readme.slice(0, start) + section + readme.slice(end + REFERENCE_END.length),
    markersAdded: false,
  };
}

/** Whether the README's reference section is what `triggo docs` would write now. */
export function readmeStatus(
  readme: string,
  description: ConnectorDescription,
): "current" | "stale" | "missing" {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start === -1 || end === -1 || end < start) return "missing";
  return readme.slice(start, end + REFERENCE_END.length) === renderReference(description)
    ? "current"
    : "stale";
}
