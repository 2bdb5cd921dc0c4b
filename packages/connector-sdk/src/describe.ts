import type { ZodType } from "zod";
import type { AnyAuth } from "./auth";
import type { AnyConnector } from "./connector";
import type { TriggerType } from "./constants";
import { type JsonSchema, propsToJsonSchema } from "./props-json-schema";

export interface AuthDescription {
  type: AnyAuth["type"];
  displayName?: string;
  description?: string;
  /** CustomAuth fields, or OAuth2 extra fields, as JSON Schema. */
  props?: JsonSchema;
  scopes?: readonly string[];
  authorizationUrl?: string;
  tokenUrl?: string;
  env?: string;
  /** OAuth2 connectors that also take a pasted token. */
  manualToken?: { displayName: string; description: string; env?: string };
}

export interface ActionDescription {
  name: string;
  displayName: string;
  description: string;
  props: JsonSchema;
  output?: JsonSchema;
  sampleData?: unknown;
}

export interface TriggerDescription {
  name: string;
  displayName: string;
  description: string;
  type: TriggerType;
  props: JsonSchema;
  payload?: JsonSchema;
  sampleData?: unknown;
  /** Polling triggers: the default interval. */
  intervalSeconds?: number;
  /** Webhook triggers fed by the connector's one app-level endpoint. */
  appWebhook?: boolean;
}

export interface ConnectorDescription {
  name: string;
  displayName: string;
  description: string;
  version: string;
  logoUrl?: string;
  website?: string;
  categories: readonly string[];
  auth: AuthDescription;
  actions: ActionDescription[];
  triggers: TriggerDescription[];
}

/**
 * A zod schema as JSON Schema; parts JSON Schema cannot say (transforms, dates) become `{}`.
 * Uses the schema's own method, so the SDK never loads zod itself: connectors that declare no
 * schemas do not pay for it.
 */
export function zodToJsonSchema(schema: ZodType): JsonSchema {
  return schema.toJSONSchema({ unrepresentable: "any", io: "output" }) as JsonSchema;
}

function describeAuth(auth: AnyAuth): AuthDescription {
  switch (auth.type) {
    case "NONE":
      return { type: auth.type };
    case "SECRET_TEXT":
      return {
        type: auth.type,
        displayName: auth.displayName,
        description: auth.description,
        ...(auth.env ? { env: auth.env } : {}),
      };
    case "CUSTOM":
      return {
        type: auth.type,
        displayName: auth.displayName,
        description: auth.description,
        props: propsToJsonSchema(auth.props),
      };
    case "OAUTH2":
      return {
        type: auth.type,
        displayName: auth.displayName,
        description: auth.description,
        authorizationUrl: auth.authorizationUrl,
        tokenUrl: auth.tokenUrl,
        scopes: auth.scopes,
        ...(auth.props ? { props: propsToJsonSchema(auth.props) } : {}),
        ...(auth.manualToken ? { manualToken: auth.manualToken } : {}),
      };
  }
}

export function describeConnector(connector: AnyConnector): ConnectorDescription {
  return {
    name: connector.name,
    displayName: connector.displayName,
    description: connector.description,
    version: connector.version,
    ...(connector.logoUrl ? { logoUrl: connector.logoUrl } : {}),
    ...(connector.website ? { website: connector.website } : {}),
    categories: connector.categories,
    auth: describeAuth(connector.auth),
    actions: connector.actions.map((action) => ({
      name: action.name,
      displayName: action.displayName,
      description: action.description,
      props: propsToJsonSchema(action.props),
      ...(action.output ? { output: zodToJsonSchema(action.output) } : {}),
      ...(action.sampleData === undefined ? {} : { sampleData: action.sampleData }),
    })),
    triggers: connector.triggers.map((trigger) => ({
      name: trigger.name,
      displayName: trigger.displayName,
      description: trigger.description,
      type: trigger.type,
      props: propsToJsonSchema(trigger.props),
      ...(trigger.payload ? { payload: zodToJsonSchema(trigger.payload) } : {}),
      ...(trigger.sampleData === undefined ? {} : { sampleData: trigger.sampleData }),
      ...(trigger.type === "POLLING" ? { intervalSeconds: trigger.intervalSeconds } : {}),
      ...(trigger.type === "WEBHOOK" && trigger.appWebhook ? { appWebhook: true } : {}),
    })),
  };
}
