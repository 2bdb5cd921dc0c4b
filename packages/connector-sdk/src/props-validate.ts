import { ConnectorError } from "@triggo/shared";
import type {
  AnyProperty,
  ArrayItemProperty,
  ConnectorFile,
  DropdownOption,
  PropsDefinition,
} from "./property";

export interface PropIssue {
  /** The prop's key, with an index for array items (`labels[2]`). */
  prop: string;
  message: string;
}

type Check = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Check => ({ ok: true, value });
const fail = (message: string): Check => ({ ok: false, message });

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "bytes";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function checkOption(value: unknown, options: readonly DropdownOption[]): Check {
  if (options.some((option) => option.value === value)) return ok(value);
  const allowed = options.map((option) => JSON.stringify(option.value)).join(", ");
  return fail(`must be one of ${allowed}; got ${describeValue(value)}`);
}

function checkDateTime(value: unknown): Check {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return ok(value.toISOString());
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return ok(parsed.toISOString());
  }
  return fail(
    `must be an ISO 8601 date-time such as "2026-01-31T09:00:00Z"; got ${describeValue(value)}`,
  );
}

function checkNumber(property: Extract<AnyProperty, { type: "NUMBER" }>, value: unknown): Check {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return fail(`must be a number; got ${describeValue(value)}`);
  }
  if (property.integer && !Number.isInteger(value))
    return fail(`must be a whole number; got ${value}`);
  if (property.min !== undefined && value < property.min) {
    return fail(`must be at least ${property.min}; got ${value}`);
  }
  if (property.max !== undefined && value > property.max) {
    return fail(`must be at most ${property.max}; got ${value}`);
  }
  return ok(value);
}

function checkJson(value: unknown): Check {
  if (typeof value === "string") {
    try {
      return ok(JSON.parse(value));
    } catch (error) {
      return fail(`must be valid JSON; parsing failed: ${(error as Error).message}`);
    }
  }
  if (typeof value === "object" && value !== null) return ok(value);
  if (typeof value === "number" || typeof value === "boolean") return ok(value);
  return fail(`must be a JSON value; got ${describeValue(value)}`);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function checkFile(value: unknown): Check {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(`must be a file: { name, data, contentType? }; got ${describeValue(value)}`);
  }
  const file = value as Record<string, unknown>;
  if (typeof file.name !== "string" || file.name === "") {
    return fail(`needs a "name" (the file name, e.g. "report.pdf")`);
  }
  let data: Uint8Array;
  if (file.data instanceof Uint8Array) data = file.data;
  else if (typeof file.data === "string" && BASE64.test(file.data.replace(/\s/g, ""))) {
    data = new Uint8Array(Buffer.from(file.data, "base64"));
  } else {
    return fail(`needs "data" as bytes (Uint8Array) or base64 text`);
  }
  if (file.contentType !== undefined && typeof file.contentType !== "string") {
    return fail(`"contentType" must be a MIME type string such as "application/pdf"`);
  }
  const normalized: ConnectorFile = {
    name: file.name,
    data,
    ...(typeof file.contentType === "string" ? { contentType: file.contentType } : {}),
  };
  return ok(normalized);
}

function checkScalar(property: ArrayItemProperty | AnyProperty, value: unknown): Check {
  switch (property.type) {
    case "SHORT_TEXT":
    case "LONG_TEXT":
      return typeof value === "string"
        ? ok(value)
        : fail(`must be text; got ${describeValue(value)}`);
    case "NUMBER":
      return checkNumber(property, value);
    case "CHECKBOX":
      return typeof value === "boolean"
        ? ok(value)
        : fail(`must be true or false; got ${describeValue(value)}`);
    case "DATE_TIME":
      return checkDateTime(value);
    case "STATIC_DROPDOWN":
      return checkOption(value, property.options);
    case "JSON":
      return checkJson(value);
    default:
      return fail(`has an unsupported type ${(property as AnyProperty).type}`);
  }
}

function checkValue(
  key: string,
  property: AnyProperty,
  value: unknown,
  issues: PropIssue[],
): unknown {
  const report = (check: Check, prop = key): unknown => {
    if (check.ok) return check.value;
    issues.push({ prop, message: `"${prop}" (${property.displayName}) ${check.message}` });
    return undefined;
  };
  switch (property.type) {
    case "DROPDOWN":
      return ["string", "number", "boolean"].includes(typeof value)
        ? value
        : report(fail(`must be one of the dropdown's option values; got ${describeValue(value)}`));
    case "MULTI_SELECT_DROPDOWN": {
      if (!Array.isArray(value))
        return report(fail(`must be an array of option values; got ${describeValue(value)}`));
      const options = property.options;
      if (typeof options === "function") return value;
      return value.map((entry, index) => report(checkOption(entry, options), `${key}[${index}]`));
    }
    case "ARRAY": {
      if (!Array.isArray(value))
        return report(fail(`must be an array; got ${describeValue(value)}`));
      const items = property.items;
      if (!items) return value;
      return value.map((entry, index) => report(checkScalar(items, entry), `${key}[${index}]`));
    }
    case "FILE":
      return report(checkFile(value));
    default:
      return report(checkScalar(property, value));
  }
}

/**
 * Checks values against the props before `run`: every missing required prop, wrong type, unknown
 * key and out-of-range value is reported at once, in one VALIDATION error that names each prop
 * and says what it expects. Defaults are applied and values normalized (dates to ISO strings,
 * JSON text parsed, base64 files decoded).
 */
export function validateProps(
  owner: string,
  props: PropsDefinition,
  input: Record<string, unknown> | undefined | null,
): Record<string, unknown> {
  const issues: PropIssue[] = [];
  const values: Record<string, unknown> = {};
  const given = input ?? {};

  if (typeof given !== "object" || Array.isArray(given)) {
    throw new ConnectorError(
      "VALIDATION",
      `${owner}: props must be an object of prop values; got ${describeValue(given)}`,
    );
  }

  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(props, key)) {
      const known = Object.keys(props);
      issues.push({
        prop: key,
        message: `"${key}" is not a prop of ${owner}; ${
          known.length ? `its props are ${known.join(", ")}` : "it takes no props"
        }`,
      });
    }
  }

  for (const [key, property] of Object.entries(props)) {
    const raw = given[key];
    if (isEmpty(raw)) {
      if (property.defaultValue !== undefined) {
        values[key] = checkValue(key, property, property.defaultValue, issues);
      } else if (property.required) {
        issues.push({
          prop: key,
          message: `"${key}" (${property.displayName}) is required: set props.${key}`,
        });
      } else {
        values[key] = undefined;
      }
      continue;
    }
    values[key] = checkValue(key, property, raw, issues);
  }

  if (issues.length > 0) {
    const lines = issues.map((issue) => `  - ${issue.message}`).join("\n");
    throw new ConnectorError("VALIDATION", `${owner}: invalid props:\n${lines}`, {
      details: { issues },
    });
  }
  return values;
}
