import { ConnectorError } from "@triggo/shared";
import type { Runtime } from "./runtime";
import { invalidField } from "./runtime-validation";
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
  throw invalidField(
    name,
    `Query parameter ${name} must be true or false; got ${JSON.stringify(value)}.`,
    `${name} must be true or false`,
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

function limitParam(query: URLSearchParams): number | undefined {
  const value = query.get("limit");
  if (value === null) return undefined;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(limit)) {
    throw invalidField(
      "limit",
      `Query parameter limit must be a whole number; got ${JSON.stringify(value)}.`,
      "limit must be a whole number",
    );
  }
  return limit;
}

function stringList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalidField(
      name,
      `"${name}" must be an array of strings.`,
      `"${name}" must be an array of strings`,
    );
  }
  return value as string[];
}

function stringRecord(
  body: Record<string, unknown>,
  name: string,
): Record<string, string> | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== "object" ||
    Array.isArray(value) ||
    Object.values(value).some((item) => typeof item !== "string")
  ) {
    throw invalidField(
      name,
      `"${name}" must be an object of strings.`,
      `"${name}" must be an object of strings`,
    );
  }
  return value as Record<string, string>;
}

/** The body's optional string fields, only those present. */
function strings<K extends string>(
  body: Record<string, unknown>,
  names: readonly K[],
): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const name of names) {
    if (body[name] != null) picked[name] = body[name] as string;
  }
  return picked;
}

/** The management API: the in-code runtime API over HTTP/JSON. */
export function createApiRoutes(runtime: Runtime): ApiRoute[] {
  return [
    {
      pattern: "/api/connectors",
      methods: { GET: async () => ok({ items: runtime.connectors.list() }) },
    },
    {
      pattern: "/api/auth-configs",
      methods: {
        GET: async ({ query }) => {
          const connector = query.get("connector") ?? undefined;
          return ok({ items: await runtime.authConfigs.list(connector ? { connector } : {}) });
        },
        POST: async (call) => {
          const body = await call.body();
          checkFields(body, {
            connector: { required: true, kind: "string" },
            name: { kind: "string" },
            clientId: { kind: "string" },
            clientSecret: { kind: "string" },
            scopes: { kind: "any" },
            redirectUrl: { kind: "string" },
            appConfig: { kind: "object" },
          });
          const scopes = stringList(body, "scopes");
          const appConfig = stringRecord(body, "appConfig");
          const created = await runtime.authConfigs.create({
            connector: body.connector as string,
            ...strings(body, ["name", "clientId", "clientSecret", "redirectUrl"] as const),
            ...(scopes ? { scopes } : {}),
            ...(appConfig ? { appConfig } : {}),
          });
          return ok(created, 201);
        },
      },
    },
    {
      pattern: "/api/auth-configs/:id",
      methods: {
        GET: async ({ params }) => ok(await runtime.authConfigs.get(params.id!)),
        DELETE: async ({ params }) => {
          await runtime.authConfigs.delete(params.id!);
          return ok({ id: params.id, deleted: true });
        },
      },
    },
    {
      pattern: "/api/connected-accounts/oauth",
      methods: {
        POST: async (call) => {
          const body = await call.body();
          checkFields(body, {
            userId: { required: true, kind: "string" },
            connector: { required: true, kind: "string" },
            authConfigId: { kind: "string" },
            callbackUrl: { kind: "string" },
            props: { kind: "object" },
            connectedAccountId: { kind: "string" },
          });
          const started = await runtime.connectedAccounts.initiate({
            userId: body.userId as string,
            connector: body.connector as string,
            ...strings(body, ["authConfigId", "callbackUrl", "connectedAccountId"] as const),
            ...(body.props == null ? {} : { props: body.props as Record<string, unknown> }),
          });
          return ok(started, 201);
        },
      },
    },
    {
      pattern: "/api/trigger-types/:slug/options",
      methods: {
        POST: async (call) => {
          const body = await call.body();
          checkFields(body, {
            connectedAccountId: { required: true, kind: "string" },
            prop: { required: true, kind: "string" },
            triggerConfig: { kind: "object" },
            searchValue: { kind: "any" },
          });
          if (body.searchValue != null && typeof body.searchValue !== "string") {
            checkFields({ searchValue: 1 }, { searchValue: { kind: "string" } });
          }
          return ok(
            await runtime.triggers.options(call.params.slug!, {
              connectedAccountId: body.connectedAccountId as string,
              prop: body.prop as string,
              ...(body.triggerConfig == null
                ? {}
                : { triggerConfig: body.triggerConfig as Record<string, unknown> }),
              ...strings(body, ["searchValue"] as const),
            }),
          );
        },
      },
    },
    {
      pattern: "/api/events",
      methods: {
        GET: async ({ query }) => {
          const limit = limitParam(query);
          const items = await runtime.events.list({
            ...(query.get("triggerId") ? { triggerId: query.get("triggerId")! } : {}),
            ...(query.get("userId") ? { userId: query.get("userId")! } : {}),
            ...(query.get("slug") ? { slug: query.get("slug")! } : {}),
            ...(limit === undefined ? {} : { limit }),
          });
          return ok({ items });
        },
      },
    },
    {
      pattern: "/api/delivery-endpoints",
      methods: {
        GET: async () => ok({ items: await runtime.deliveries.listEndpoints() }),
        POST: async (call) => {
          const body = await call.body();
          checkFields(body, {
            url: { required: true, kind: "string" },
            secret: { kind: "string" },
            filters: { kind: "object" },
          });
          const filters = (body.filters ?? {}) as Record<string, unknown>;
          checkFields(filters, {
            triggerIds: { kind: "any" },
            slugs: { kind: "any" },
            userIds: { kind: "any" },
          });
          const triggerIds = stringList(filters, "triggerIds");
          const slugs = stringList(filters, "slugs");
          const userIds = stringList(filters, "userIds");
          const created = await runtime.deliveries.createEndpoint({
            url: body.url as string,
            ...strings(body, ["secret"] as const),
            filters: {
              ...(triggerIds ? { triggerIds } : {}),
              ...(slugs ? { slugs } : {}),
              ...(userIds ? { userIds } : {}),
            },
          });
          // The secret is answered this once, for the application to verify signatures with.
          return ok(created, 201);
        },
      },
    },
    {
      pattern: "/api/delivery-endpoints/:id",
      methods: {
        DELETE: async ({ params }) => ok(await runtime.deliveries.deleteEndpoint(params.id!)),
      },
    },
    {
      pattern: "/api/delivery-attempts",
      methods: {
        GET: async ({ query }) => {
          const items = await runtime.deliveries.listAttempts({
            ...(query.get("eventId") ? { eventId: query.get("eventId")! } : {}),
            ...(query.get("deliveryId") ? { deliveryId: query.get("deliveryId")! } : {}),
          });
          return ok({ items });
        },
      },
    },
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
            throw invalidField(
              "status",
              `status must be one of active, expired, revoked; got ${JSON.stringify(status)}.`,
              "status is not a known status",
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
