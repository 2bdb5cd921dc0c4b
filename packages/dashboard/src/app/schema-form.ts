// From a JSON Schema object (a trigger type's `config`, a CustomAuth's `props`) to form fields,
// and from what the fields hold back to a value, with the schema's validation messages. Pure: the
// DOM side is in form-view.ts.

export type JsonSchema = { [key: string]: unknown };

/** How a field is edited. */
export type FieldKind =
  | "string"
  | "text"
  | "date-time"
  | "number"
  | "integer"
  | "boolean"
  | "enum"
  | "multi-enum"
  | "string-list"
  | "json"
  | "dynamic";

export interface FieldOption {
  label: string;
  value: unknown;
}

export interface FormField {
  name: string;
  label: string;
  description: string | undefined;
  required: boolean;
  kind: FieldKind;
  /** enum, multi-enum: the choices. */
  options: FieldOption[];
  minimum: number | undefined;
  maximum: number | undefined;
  /** json: the value must be an object. */
  objectOnly: boolean;
  default: unknown;
  /** dynamic: the props whose values the options depend on. */
  refreshers: string[];
  /** dynamic: a multi-select whose options are loaded. */
  multiple: boolean;
  /** `writeOnly` (a secret): a password input, never filled with a value back. */
  secret: boolean;
}

/** What an input holds: text (inputs, selects, textareas), a checkbox, or a multi-select. */
export type RawValue = string | boolean | string[];

export interface FormCheck {
  /** The value to send: empty optional fields are left out. */
  value: Record<string, unknown>;
  /** One message per bad field, by field name. */
  errors: Record<string, string>;
}

const UI_HINTS = "x-triggo";

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function constOptions(schema: JsonSchema): FieldOption[] | undefined {
  if (Array.isArray(schema.enum)) {
    return schema.enum.map((value) => ({ label: String(value), value }));
  }
  const choices = Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (choices?.length && choices.every((choice) => isObject(choice) && "const" in choice)) {
    return (choices as JsonSchema[]).map((choice) => ({
      label: typeof choice.title === "string" ? choice.title : String(choice.const),
      value: choice.const,
    }));
  }
  return undefined;
}

function fieldOf(name: string, schema: JsonSchema, required: boolean): FormField {
  const hints = isObject(schema[UI_HINTS]) ? schema[UI_HINTS] : {};
  const field: FormField = {
    name,
    label: typeof schema.title === "string" ? schema.title : name,
    description: typeof schema.description === "string" ? schema.description : undefined,
    required,
    kind: "json",
    options: [],
    minimum: typeof schema.minimum === "number" ? schema.minimum : undefined,
    maximum: typeof schema.maximum === "number" ? schema.maximum : undefined,
    objectOnly: false,
    default: schema.default,
    refreshers: Array.isArray(hints.refreshers) ? hints.refreshers.map(String) : [],
    multiple: false,
    secret: schema.writeOnly === true,
  };
  const options = constOptions(schema);
  const items = isObject(schema.items) ? schema.items : undefined;
  if (hints.dynamicOptions === true) {
    field.kind = "dynamic";
    field.multiple = schema.type === "array";
  } else if (options) {
    field.kind = "enum";
    field.options = options;
  } else if (schema.type === "string") {
    field.kind =
      hints.type === "LONG_TEXT" ? "text" : schema.format === "date-time" ? "date-time" : "string";
  } else if (schema.type === "number" || schema.type === "integer") {
    field.kind = schema.type;
  } else if (schema.type === "boolean") {
    field.kind = "boolean";
  } else if (schema.type === "array" && items && constOptions(items)) {
    field.kind = "multi-enum";
    field.options = constOptions(items)!;
  } else if (schema.type === "array" && items && items.type === "string") {
    field.kind = "string-list";
  } else {
    field.kind = "json";
    field.objectOnly = schema.type === "object";
  }
  return field;
}

/** The fields of an object schema, in the schema's order. */
export function formFields(schema: unknown): FormField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(schema.properties).map(([name, property]) =>
    fieldOf(name, isObject(property) ? property : {}, required.has(name)),
  );
}

/** What a field shows first: its default, as the input holds it. */
export function initialRaw(field: FormField): RawValue {
  const value = field.default;
  switch (field.kind) {
    case "boolean":
      return value === true;
    case "multi-enum":
      return Array.isArray(value)
        ? field.options
            .map((option, index) => (value.includes(option.value) ? String(index) : ""))
            .filter(Boolean)
        : [];
    case "enum": {
      const index = field.options.findIndex((option) => option.value === value);
      return index < 0 ? "" : String(index);
    }
    case "string-list":
      return Array.isArray(value) ? value.map(String).join("\n") : "";
    case "json":
      return value === undefined ? "" : JSON.stringify(value, null, 2);
    default:
      return value === undefined || value === null ? "" : String(value);
  }
}

type Read = { value: unknown } | { error: string } | { empty: true };

function readNumber(field: FormField, text: string): Read {
  const number = Number(text);
  if (!Number.isFinite(number)) return { error: `${field.label} must be a number.` };
  if (field.kind === "integer" && !Number.isInteger(number)) {
    return { error: `${field.label} must be a whole number.` };
  }
  if (field.minimum !== undefined && number < field.minimum) {
    return { error: `${field.label} must be at least ${field.minimum}.` };
  }
  if (field.maximum !== undefined && number > field.maximum) {
    return { error: `${field.label} must be at most ${field.maximum}.` };
  }
  return { value: number };
}

function readField(field: FormField, raw: RawValue | undefined, dynamic: FieldOption[]): Read {
  if (field.kind === "boolean") return { value: raw === true };
  if (Array.isArray(raw)) {
    const choices = field.kind === "multi-enum" ? field.options : dynamic;
    const values = raw.map((index) => choices[Number(index)]?.value);
    return values.length === 0 ? { empty: true } : { value: values };
  }
  const text = typeof raw === "string" ? raw : "";
  if (text.trim() === "") return { empty: true };
  switch (field.kind) {
    case "number":
    case "integer":
      return readNumber(field, text.trim());
    case "enum": {
      const option = field.options[Number(text)];
      return option ? { value: option.value } : { error: `Choose one of the listed values.` };
    }
    case "string-list":
      return {
        value: text
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
      };
    case "date-time":
      return Number.isNaN(Date.parse(text.trim()))
        ? { error: `${field.label} must be a date and time, e.g. 2026-01-31T09:30:00Z.` }
        : { value: text.trim() };
    case "json": {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return {
          error: `${field.label} must be valid JSON (${error instanceof Error ? error.message : "unreadable"}).`,
        };
      }
      if (
        field.objectOnly &&
        (typeof value !== "object" || value === null || Array.isArray(value))
      ) {
        return { error: `${field.label} must be a JSON object, e.g. {"key": "value"}.` };
      }
      return { value };
    }
    case "dynamic": {
      // A listed option keeps its type (a number id stays a number); typed text is sent as is.
      const pick = (typed: string) =>
        dynamic.find((choice) => String(choice.value) === typed)?.value ?? typed;
      if (!field.multiple) return { value: pick(text.trim()) };
      const lines = text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
      return lines.length === 0 ? { empty: true } : { value: lines.map(pick) };
    }
    default:
      return { value: text };
  }
}

/**
 * Reads every field: required ones present, numbers in range, JSON parsed, choices known. Empty
 * optional fields are left out of the value. `dynamicOptions` are the options loaded per field.
 */
export function checkForm(
  fields: readonly FormField[],
  raw: Readonly<Record<string, RawValue | undefined>>,
  dynamicOptions: Readonly<Record<string, FieldOption[]>> = {},
): FormCheck {
  const value: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const read = readField(field, raw[field.name], dynamicOptions[field.name] ?? []);
    if ("error" in read) errors[field.name] = read.error;
    else if ("empty" in read) {
      if (field.required) errors[field.name] = `${field.label} is required.`;
    } else value[field.name] = read.value;
  }
  return { value, errors };
}

/**
 * A server error's issues by field, for showing next to the fields: `details.issues` (or
 * `issues`), each `{ prop, message }`; a `triggerConfig.` / `credentials.` prefix is dropped.
 * Issues of no known field are kept under "".
 */
export function issuesByField(
  error: unknown,
  fieldNames: readonly string[] = [],
): Record<string, string> {
  const source = isObject(error) && isObject(error.details) ? error.details : error;
  const issues = isObject(source) ? source.issues : undefined;
  const byField: Record<string, string> = {};
  if (!Array.isArray(issues)) return byField;
  for (const issue of issues) {
    if (!isObject(issue) || typeof issue.message !== "string") continue;
    const prop = typeof issue.prop === "string" ? issue.prop : "";
    const name = prop.replace(/^(triggerConfig|props|credentials)\./, "");
    const key = fieldNames.length === 0 || fieldNames.includes(name) ? name : "";
    byField[key] = byField[key] ? `${byField[key]} ${issue.message}` : issue.message;
  }
  return byField;
}
