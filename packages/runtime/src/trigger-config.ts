import { type AnyTrigger, type PropIssue, validateProps } from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";

/**
 * Checks a trigger instance's config against the trigger's props (the rules its JSON Schema
 * states): every missing, unknown or wrong field is listed in one VALIDATION error whose
 * `details.issues` name each. Returns the normalized values (defaults applied, unset dropped).
 */
export function validateTriggerConfig(
  slug: string,
  trigger: AnyTrigger,
  triggerConfig: unknown,
): Record<string, unknown> {
  if (
    triggerConfig !== undefined &&
    (typeof triggerConfig !== "object" || triggerConfig === null || Array.isArray(triggerConfig))
  ) {
    throw new ConnectorError(
      "VALIDATION",
      `triggerConfig for ${slug} must be an object of its config fields (see triggers.getType("${slug}").config).`,
    );
  }
  let values: Record<string, unknown>;
  try {
    values = validateProps(slug, trigger.props, triggerConfig as Record<string, unknown>);
  } catch (error) {
    const issues = (ConnectorError.is(error) ? error.details?.issues : undefined) as
      | PropIssue[]
      | undefined;
    if (!issues) throw error;
    const lines = issues.map(
      (issue) => `  - ${issue.message.replace(/\bprops\./g, "triggerConfig.")}`,
    );
    throw new ConnectorError(
      "VALIDATION",
      `Invalid triggerConfig for ${slug} (${issues.length} field${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
      { details: { slug, issues } },
    );
  }
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
