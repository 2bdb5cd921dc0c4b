import type { AnyProperty, ArrayItemProperty, DropdownOption, PropsDefinition } from "./property";

export type JsonSchema = { [key: string]: unknown };

/** The JSON Schema dialect every schema the SDK emits declares. */
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/**
 * UI hints that JSON Schema has no word for, kept under one vendor keyword so that validators
 * ignore them and form generators can read them.
 */
export interface PropUiHints {
  type: AnyProperty["type"];
  /** Dynamic dropdowns: options come from the connector's loader for this prop. */
  dynamicOptions?: boolean;
  refreshers?: readonly string[];
}

export const UI_HINTS_KEYWORD = "x-triggo";

/** A dynamic option's value: its type is only known once the options load. */
const ANY_OPTION_VALUE: JsonSchema = {
  anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }],
};

function optionsSchema(options: readonly DropdownOption[]): JsonSchema {
  return { oneOf: options.map((option) => ({ const: option.value, title: option.label })) };
}

function scalarSchema(property: ArrayItemProperty | AnyProperty): JsonSchema {
  switch (property.type) {
    case "SHORT_TEXT":
      return { type: "string" };
    case "LONG_TEXT":
      return { type: "string" };
    case "NUMBER":
      return {
        type: property.integer ? "integer" : "number",
        ...(property.min === undefined ? {} : { minimum: property.min }),
        ...(property.max === undefined ? {} : { maximum: property.max }),
      };
    case "CHECKBOX":
      return { type: "boolean" };
    case "DATE_TIME":
      return { type: "string", format: "date-time" };
    case "STATIC_DROPDOWN":
      return optionsSchema(property.options);
    case "JSON":
      return {};
    default:
      return {};
  }
}

function valueSchema(property: AnyProperty): JsonSchema {
  switch (property.type) {
    case "DROPDOWN":
      return { ...ANY_OPTION_VALUE };
    case "MULTI_SELECT_DROPDOWN":
      return {
        type: "array",
        uniqueItems: true,
        items:
          typeof property.options === "function"
            ? ANY_OPTION_VALUE
            : optionsSchema(property.options),
      };
    case "ARRAY":
      return { type: "array", items: property.items ? itemSchema(property.items) : {} };
    case "FILE":
      return {
        type: "object",
        properties: {
          name: { type: "string", minLength: 1, description: "File name, e.g. report.pdf" },
          data: { type: "string", contentEncoding: "base64", description: "File content, base64" },
          contentType: { type: "string", description: "MIME type, e.g. application/pdf" },
        },
        required: ["name", "data"],
        additionalProperties: false,
      };
    default:
      return scalarSchema(property);
  }
}

function itemSchema(property: ArrayItemProperty): JsonSchema {
  return {
    ...scalarSchema(property),
    title: property.displayName,
    ...(property.description ? { description: property.description } : {}),
  };
}

/** One prop as JSON Schema, with its title, description, default and UI hints. */
export function propToJsonSchema(property: AnyProperty): JsonSchema {
  const hints: PropUiHints = { type: property.type };
  if (property.type === "DROPDOWN") {
    hints.dynamicOptions = true;
    hints.refreshers = property.refreshers;
  }
  if (property.type === "MULTI_SELECT_DROPDOWN" && typeof property.options === "function") {
    hints.dynamicOptions = true;
    hints.refreshers = property.refreshers;
  }
  return {
    ...valueSchema(property),
    title: property.displayName,
    ...(property.description ? { description: property.description } : {}),
    ...(property.defaultValue === undefined ? {} : { default: property.defaultValue }),
    [UI_HINTS_KEYWORD]: hints,
  };
}

/**
 * Props as one JSON Schema object: for UIs (forms), the runtime's config validation and AI tool
 * calling. Required props are listed in `required`; unknown keys are refused.
 */
export function propsToJsonSchema(props: PropsDefinition): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, property] of Object.entries(props)) {
    properties[key] = propToJsonSchema(property);
    if (property.required && property.defaultValue === undefined) required.push(key);
  }
  return {
    $schema: JSON_SCHEMA_DIALECT,
    type: "object",
    properties,
    required,
    additionalProperties: false,
  };
}
