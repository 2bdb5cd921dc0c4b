import { readFileSync } from "node:fs";
import type { JsonSchema } from "@triggo/connector-sdk";
import { createRedactor } from "@triggo/shared";
import { authHelp, resolveAuth } from "../auth-source";
import {
  type Command,
  type CommandContext,
  EXIT,
  stringOption,
  stringOptions,
  writeJson,
} from "../command";
import { findConnector } from "../discover";
import { UsageError } from "../names";

/** The HTTP request a dry run would have sent. */
interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** What to do about a ConnectorError, by its code. */
function advice(
  code: string,
  connectorName: string,
  details: { retryAfterMs?: number | undefined; auth: string },
): string {
  switch (code) {
    case "AUTH_INVALID":
      return `the provider refused the credentials: check them, or reconnect the account and use the new ones (${details.auth}).`;
    case "AUTH_EXPIRED":
      return `the credentials expired: reconnect the account and use the new ones (${details.auth}).`;
    case "FORBIDDEN":
      return "the credentials lack a permission or scope: grant it to the token or app and try again.";
    case "RATE_LIMITED":
      return details.retryAfterMs !== undefined
        ? `wait ${Math.ceil(details.retryAfterMs / 1000)} s (the provider's Retry-After), then try again.`
        : "wait a little, then try again: the provider is rate limiting this account.";
    case "VALIDATION":
      return `fix the prop the message names: triggo describe ${connectorName} lists each prop with its type.`;
    case "NOT_FOUND":
      return "check the ids and names you passed: the provider has no such object for this account.";
    case "CONFIGURATION":
      return "the message says what is missing.";
    case "UPSTREAM":
    case "TIMEOUT":
    case "NETWORK":
      return "the provider or the network failed after retries: try again later.";
    default:
      return "see the provider's message above.";
  }
}

/** Turns `k=v` into the prop's value, as its JSON Schema type says. */
function coerce(key: string, raw: string, schema: JsonSchema | undefined): unknown {
  const hints = (schema?.["x-triggo"] ?? {}) as { type?: string };
  const type = schema?.type;
  if (type === "number" || type === "integer") {
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) {
      throw new UsageError(`--props ${key}=${raw}: ${key} is a number.`);
    }
    return value;
  }
  if (type === "boolean") {
    if (/^(true|yes|1)$/i.test(raw)) return true;
    if (/^(false|no|0)$/i.test(raw)) return false;
    throw new UsageError(`--props ${key}=${raw}: ${key} is a boolean (true or false).`);
  }
  if (type === "object" || type === "array" || hints.type === "JSON") {
    try {
      return JSON.parse(raw);
    } catch {
      if (type === "array") return raw.split(",").map((item) => item.trim());
      if (hints.type === "JSON") return raw;
      throw new UsageError(
        `--props ${key}=${raw}: ${key} is ${type === "object" ? "an object" : "JSON"}: give JSON, e.g. ${key}='{"a":1}'.`,
      );
    }
  }
  return raw;
}

/** The props from --props-file and every `k=v` (after --props or as extra arguments). */
function readProps(
  context: CommandContext,
  schema: JsonSchema,
  pairs: string[],
): Record<string, unknown> {
  const file = stringOption(context, "props-file");
  const props: Record<string, unknown> = file
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)
    : {};
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const pair of pairs) {
    const separator = pair.indexOf("=");
    if (separator <= 0)
      throw new UsageError(`"${pair}" is not k=v: give props as --props name=value.`);
    const key = pair.slice(0, separator);
    if (!Object.hasOwn(properties, key)) {
      throw new UsageError(
        `"${key}" is not a prop of this action; its props are: ${Object.keys(properties).join(", ") || "none"}.`,
      );
    }
    props[key] = coerce(key, pair.slice(separator + 1), properties[key]);
  }
  return props;
}

function bodyOf(body: unknown): unknown {
  if (body === undefined || body === null) return undefined;
  const text =
    typeof body === "string"
      ? body
      : body instanceof Uint8Array
        ? new TextDecoder().decode(body)
        : body instanceof URLSearchParams
          ? body.toString()
          : `[${Object.prototype.toString.call(body).slice(8, -1)} body]`;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A fetch that records the first request and answers every request with 200 `{}`. */
function recordingFetch(): { fetch: typeof fetch; first(): RecordedRequest | undefined } {
  let first: RecordedRequest | undefined;
  const recorder = async (input: string | URL | Request, init?: RequestInit) => {
    if (!first) {
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, key) => {
        headers[key] = value;
      });
      const body = bodyOf(init?.body);
      first = {
        method: init?.method ?? "GET",
        url: input instanceof Request ? input.url : String(input),
        headers,
        ...(body === undefined ? {} : { body }),
      };
    }
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  return { fetch: recorder as typeof fetch, first: () => first };
}

function formatRequest(request: RecordedRequest): string {
  const lines = [`${request.method} ${request.url}`];
  for (const [key, value] of Object.entries(request.headers)) lines.push(`${key}: ${value}`);
  if (request.body !== undefined) {
    lines.push(
      "",
      typeof request.body === "string" ? request.body : JSON.stringify(request.body, null, 2),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `triggo run <connector> <action>`: calls the real API and prints the result as JSON. */
export const runCommand: Command = {
  name: "run",
  summary: "call an action against the real API (or --dry-run: print the request)",
  usage: "run <connector> <action> [--props k=v …] [--dry-run]",
  help: `triggo run <connector> <action> [--props k=v …] [--props-file f.json] [--auth-file f]
           [--base-url url] [--dry-run] [--json]

Calls one action against the provider's real API and prints its result as JSON.

Props: --props name=value (repeat it, or list several pairs after one --props), and/or
--props-file with a JSON object. Values are coerced by the prop's JSON Schema type: numbers,
booleans (true/false), JSON for objects and arrays (an array also takes a,b,c).

Credentials: --auth-file (JSON, or the bare secret), else TRIGGO_AUTH_<CONNECTOR> (for example
TRIGGO_AUTH_ACME_CRM), else the auth's own variable (TYPEFORM_TOKEN...). CustomAuth takes a JSON
object of its fields; OAuth2 a pasted token or a JSON object of tokens.

--base-url sends to another address than the connector's (a sandbox, a proxy, a local mock).
--dry-run sends nothing: it prints the first HTTP request the action would send (method, URL,
headers, body), with secrets redacted. A failure prints its code, the message and what to do;
with --json it prints { "error": { code, message, status, hint } }.

Example:
  triggo run typeform get_form --props form_id=u6nXL7 --dry-run   # with TYPEFORM_TOKEN set
`,
  options: {
    props: { type: "string", multiple: true },
    "props-file": { type: "string" },
    "auth-file": { type: "string" },
    "dry-run": { type: "boolean" },
    "base-url": { type: "string" },
  },
  async run(context) {
    const [connectorName, actionName, ...extra] = context.positionals;
    if (!connectorName || !actionName) {
      throw new UsageError(
        `run needs a connector and an action, e.g. "triggo run typeform get_form --props form_id=u6nXL7".`,
      );
    }
    const { connector } = await findConnector(context.io.cwd, connectorName);
    const description = connector.describe().actions.find((action) => action.name === actionName);
    if (!description) {
      throw new Error(
        `${connector.name} has no action "${actionName}"; its actions are: ${connector.actions.map((action) => action.name).join(", ") || "none"}.`,
      );
    }
    const props = readProps(context, description.props, [
      ...stringOptions(context, "props"),
      ...extra,
    ]);
    const auth = resolveAuth(connector, context.env, stringOption(context, "auth-file"));
    if (auth === undefined && connector.auth.type !== "NONE") {
      throw new Error(`${connector.name} needs credentials: ${authHelp(connector)}.`);
    }
    const redactor = createRedactor([auth]);
    const dryRun = Boolean(context.values["dry-run"]);
    const recorder = recordingFetch();
    const baseUrl = stringOption(context, "base-url");
    try {
      const client = connector.init({
        ...(auth === undefined ? {} : { auth }),
        ...(baseUrl ? { baseUrl } : {}),
        ...(dryRun ? { fetch: recorder.fetch, retry: false } : {}),
      });
      const actions = client.actions as Record<string, (input: unknown) => Promise<unknown>>;
      const result = await actions[actionName]!(props);
      if (!dryRun) {
        writeJson(context, result);
        return EXIT.OK;
      }
    } catch (error) {
      if (!dryRun || !recorder.first())
        return reportFailure(
          context,
          error,
          connector.name,
          redactor.redactText.bind(redactor),
          authHelp(connector),
        );
    }
    const request = recorder.first();
    if (!request) {
      context.io.stderr.write(`triggo: ${connector.name}.${actionName} sent no HTTP request.\n`);
      return EXIT.OK;
    }
    const safe = redactor.redact(request);
    if (context.values.json) writeJson(context, safe);
    else context.io.stdout.write(`${formatRequest(safe)}\n(dry run: nothing was sent)\n`);
    return EXIT.OK;
  },
};

/** Prints a ConnectorError's code, message (redacted) and what to do; rethrows anything else. */
function reportFailure(
  context: CommandContext,
  error: unknown,
  connectorName: string,
  redact: (text: string) => string,
  auth: string,
): number {
  const failure = error as {
    name?: string;
    code?: unknown;
    message?: string;
    status?: number;
    retryAfterMs?: number;
  };
  if (failure?.name !== "ConnectorError" || typeof failure.code !== "string") throw error;
  const hint = advice(failure.code, connectorName, { retryAfterMs: failure.retryAfterMs, auth });
  const message = redact(failure.message ?? "");
  if (context.values.json) {
    writeJson(context, {
      error: {
        code: failure.code,
        message,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
        hint,
      },
    });
  } else {
    const status = failure.status === undefined ? "" : ` (HTTP ${failure.status})`;
    context.io.stderr.write(
      `triggo: ${failure.code}${status}: ${message}\n  what to do: ${hint}\n`,
    );
  }
  return EXIT.FAILURE;
}
