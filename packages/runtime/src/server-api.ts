import { ConnectorError } from "@triggo/shared";
import type { Runtime } from "./runtime";
import { HttpError } from "./server-http";

/** What a route handler gets: the path parameters, the query, and the JSON body when read. */
export interface ApiCall {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON object body (POST and PATCH with a body). */
  body: () => Promise<Record<string, unknown>>;
  /** Whether the request carries a body at all. */
  hasBody: boolean;
}

/** A handler's answer: a status and a JSON body. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

export type ApiHandler = (call: ApiCall) => Promise<ApiAnswer>;

/** One route: a path pattern (`:name` segments) and its handler per method. */
export interface ApiRoute {
  pattern: string;
  methods: Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", ApiHandler>>;
}

const ok = (body: unknown, status = 200): ApiAnswer => ({ status, body });

/** A comma-separated list from the query (`?toolkits=a,b` or repeated keys), or undefined. */
function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
}

function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new ConnectorError(
    "VALIDATION",
    `Query parameter ${name} must be true or false; got ${JSON.stringify(value)}.`,
    { details: { issues: [{ prop: name, message: `${name} must be true or false` }] } },
  );
}

/**
 * Checks a body's fields: the required ones present, none unknown, each of the right kind. Every
 * problem is listed (VALIDATION, `issues`).
 */
function checkFields(
  body: Record<string, unknown>,
  fields: Record<string, { required?: boolean; kind: "string" | "object" | "any" }>,
): void {
  const issues: { prop: string; message: string }[] = [];
  for (const [name, rule] of Object.entries(fields)) {
    const value = body[name];
    if (value === undefined || value === null) {
      if (rule.required) issues.push({ prop: name, message: `"${name}" is required` });
      continue;
    }
    if (rule.kind === "string" && (typeof value !== "string" || value.trim() === "")) {
      issues.push({ prop: name, message: `"${name}" must be a non-empty string` });
    }
    if (rule.kind === "object" && (typeof value !== "object" || Array.isArray(value))) {
      issues.push({ prop: name, message: `"${name}" must be a JSON object` });
    }
  }
  const known = Object.keys(fields);
  for (const name of Object.keys(body)) {
    if (!Object.hasOwn(fields, name)) {
      issues.push({
        prop: name,
        message: `"${name}" is not a field of this request; ${known.length ? `it takes ${known.join(", ")}` : "it takes none"}`,
      });
    }
  }
  if (issues.length > 0) {
    throw new ConnectorError(
      "VALIDATION",
      `Invalid request body (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${issues
        .map((issue) => `  - ${issue.message}`)
        .join("\n")}`,
      { details: { issues } },
    );
  }
}

/** An optional body: `{}` when none was sent. */
async function optionalBody(call: ApiCall): Promise<Record<string, unknown>> {
  return call.hasBody ? call.body() : {};
}

/** The management API: the in-code runtime API over HTTP/JSON. */
export function createApiRoutes(runtime: Runtime): ApiRoute[] {
  return [
    {
      pattern: "/api/trigger-types",
      methods: {
        GET: async ({ query }) => {
          const toolkits = listParam(query, "toolkits");
          return ok({ items: await runtime.triggers.listTypes(toolkits ? { toolkits } : {}) });
        },
      },
    },
    {
      pattern: "/api/trigger-types/:slug",
      methods: { GET: async ({ params }) => ok(await runtime.triggers.getType(params.slug!)) },
    },
    {
      pattern: "/api/triggers",
      methods: {
        GET: async ({ query }) => {
          const userIds = listParam(query, "userId");
          const slugs = listParam(query, "slug");
          const connectedAccountIds = listParam(query, "connectedAccountId");
          const toolkits = listParam(query, "toolkit");
          const showDisabled = booleanParam(query, "showDisabled");
          const items = await runtime.triggers.listActive({
            ...(userIds ? { userIds } : {}),
            ...(slugs ? { slugs } : {}),
            ...(connectedAccountIds ? { connectedAccountIds } : {}),
            ...(toolkits ? { toolkits } : {}),
            ...(showDisabled === undefined ? {} : { showDisabled }),
          });
          return ok({ items });
        },
        POST: async (call) => {
          const body = await call.body();
          checkFields(body, {
            userId: { required: true, kind: "string" },
            slug: { required: true, kind: "string" },
            triggerConfig: { kind: "object" },
            connectedAccountId: { kind: "string" },
            version: { kind: "string" },
          });
          const { triggerId } = await runtime.triggers.create(
            body.userId as string,
            body.slug as string,
            {
              ...(body.triggerConfig == null
                ? {}
                : { triggerConfig: body.triggerConfig as Record<string, unknown> }),
              ...(body.connectedAccountId == null
                ? {}
                : { connectedAccountId: body.connectedAccountId as string }),
              ...(body.version == null ? {} : { version: body.version as string }),
            },
          );
          return ok({ triggerId }, 201);
        },
      },
    },
    {
      pattern: "/api/triggers/:id",
      methods: {
        GET: async ({ params }) => ok(await runtime.triggers.get(params.id!)),
        PATCH: async (call) => {
          const body = await call.body();
          checkFields(body, { triggerConfig: { required: true, kind: "object" } });
          return ok(
            await runtime.triggers.update(call.params.id!, {
              triggerConfig: body.triggerConfig as Record<string, unknown>,
            }),
          );
        },
        DELETE: async ({ params }) => ok(await runtime.triggers.delete(params.id!)),
      },
    },
    {
      pattern: "/api/triggers/:id/enable",
      methods: {
        POST: async (call) => {
          checkFields(await optionalBody(call), {});
          return ok(await runtime.triggers.enable(call.params.id!));
        },
      },
    },
    {
      pattern: "/api/triggers/:id/disable",
      methods: {
        POST: async (call) => {
          const body = await optionalBody(call);
          checkFields(body, { reason: { kind: "string" } });
          return ok(
            await runtime.triggers.disable(call.params.id!, body.reason as string | undefined),
          );
        },
      },
    },
    {
      pattern: "/api/connected-accounts",
      methods: {
        GET: async ({ query }) => {
          const userId = query.get("userId") ?? undefined;
          const connector = query.get("connector") ?? undefined;
          const status = query.get("status") ?? undefined;
          if (status !== undefined && !["active", "expired", "revoked"].includes(status)) {
            throw new ConnectorError(
              "VALIDATION",
              `status must be one of active, expired, revoked; got ${JSON.stringify(status)}.`,
              {
                details: { issues: [{ prop: "status", message: "status is not a known status" }] },
              },
            );
          }
          const items = await runtime.connectedAccounts.list({
            ...(userId ? { userId } : {}),
            ...(connector ? { connector } : {}),
            ...(status ? { status: status as "active" | "expired" | "revoked" } : {}),
          });
          return ok({ items });
        },
        POST: async (call) => {
          const body = await call.body();
          checkFields(body, {
            userId: { required: true, kind: "string" },
            connector: { required: true, kind: "string" },
            credentials: { required: true, kind: "any" },
            authConfigId: { kind: "string" },
          });
          // The answer is the account as stored: its credentials are never part of it.
          const account = await runtime.connectedAccounts.create({
            userId: body.userId as string,
            connector: body.connector as string,
            credentials: body.credentials,
            ...(body.authConfigId == null ? {} : { authConfigId: body.authConfigId as string }),
          });
          return ok(account, 201);
        },
      },
    },
    {
      pattern: "/api/connected-accounts/:id",
      methods: {
        GET: async ({ params }) => ok(await runtime.connectedAccounts.get(params.id!)),
        DELETE: async ({ params }) => ok(await runtime.connectedAccounts.delete(params.id!)),
      },
    },
  ];
}

/** Matches a path against a pattern's segments; the decoded parameters, or undefined. */
export function matchRoute(
  pattern: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parts = pattern.split("/").filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

/** The path's segments, decoded; a 400 for a malformed escape. */
export function pathSegments(pathname: string): string[] {
  try {
    return pathname
      .split("/")
      .filter(Boolean)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw new HttpError(400, "BAD_REQUEST", "The request path has a malformed %-escape.");
  }
}
