import type { HttpAuth, ResponseClassifier, RetryOptions } from "@triggo/shared";
import type { AnyAction } from "./action";
import type { AnyAuth, AuthValue } from "./auth";
import { type ConnectorClient, type InitConfig, initConnector } from "./client";
import { AUTH_TYPES } from "./constants";
import { type ConnectorDescription, describeConnector } from "./describe";
import { assertKebabCase, assertText, assertUnique, DefinitionError } from "./names";
import { checkPropsDefinition } from "./props-definition";
import type { AnyTrigger, DeliverySigner } from "./trigger";
import type { WebhookRequest, WebhookResponse } from "./webhook-request";

/** How the connector's HTTP client reaches the provider. */
export interface ConnectorHttpConfig<A extends AnyAuth> {
  /** The API's base URL; a function when it depends on the account (a region, a subdomain). */
  baseUrl: string | ((auth: AuthValue<A>) => string);
  /**
   * How credentials go on the wire. Default: a bearer token for SecretText (the secret) and
   * OAuth2 (the access token); required for CustomAuth.
   */
  authenticate?: (auth: AuthValue<A>) => HttpAuth;
  /** Headers on every request (API version pins, Accept). */
  headers?: Record<string, string> | ((auth: AuthValue<A>) => Record<string, string>);
  /** Reads the provider's own error and rate-limit signals. */
  classify?: ResponseClassifier;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  idempotencyHeader?: string;
  /** Give every POST an idempotency key that stays the same across its retries (Stripe). */
  autoIdempotencyKey?: boolean;
}

/** What the connector's app-level webhook endpoint hooks receive. */
export interface AppWebhookContext {
  request: WebhookRequest;
  /** The app's own settings from the auth config (for example Slack's signing secret). */
  appConfig: Record<string, string | undefined>;
}

/** Accounts an app-level delivery says are gone: by routing key, with the reason. */
export interface AppWebhookRevocation {
  routingKeys: readonly string[];
  reason: string;
}

/**
 * For providers with one endpoint per app rather than per subscription (Slack's Events API): the
 * runtime verifies a delivery once with these hooks, then offers it to every matching instance
 * of the triggers that declare `appWebhook`.
 */
export interface AppWebhookDefinition {
  /** The app settings the endpoint needs, e.g. `["signingSecret"]`. */
  appConfigKeys: readonly string[];
  verify(context: AppWebhookContext): void | Promise<void>;
  handshake?(
    context: AppWebhookContext,
  ): WebhookResponse | undefined | Promise<WebhookResponse | undefined>;
  deliveryId?(request: WebhookRequest): string | undefined;
  /**
   * The routing keys a verified delivery concerns (Slack: the workspace ids in `team_id`,
   * `context_team_id` and `authorizations`); instances whose trigger's `routingKey` is one of
   * them are offered the delivery. An empty list routes it to none.
   */
  routingKeys?(request: WebhookRequest): readonly string[];
  /**
   * Says when a verified delivery announces that accounts no longer work (Slack: the app was
   * uninstalled from a workspace, or its bot token revoked): the routing keys of those accounts
   * and why. A runtime marks them revoked and disables their triggers.
   */
  revokes?(request: WebhookRequest): AppWebhookRevocation | undefined;
  /** Signs a delivery as the provider would (tests and `triggo webhook send`). */
  signDelivery?: DeliverySigner;
}

export interface ConnectorDefinition<
  Name extends string,
  A extends AnyAuth,
  Actions extends readonly AnyAction[],
  Triggers extends readonly AnyTrigger[],
> {
  /** kebab-case, unique among connectors: `my-service`. */
  name: Name;
  displayName: string;
  description: string;
  auth: A;
  actions: Actions;
  triggers: Triggers;
  /** The package version; pinned by trigger instances. Default "0.0.0". */
  version?: string;
  logoUrl?: string;
  /** The provider's site or API reference, for docs. */
  website?: string;
  categories?: readonly string[];
  http?: ConnectorHttpConfig<A>;
  appWebhook?: AppWebhookDefinition;
}

export interface Connector<
  Name extends string = string,
  A extends AnyAuth = AnyAuth,
  Actions extends readonly AnyAction[] = readonly AnyAction[],
  Triggers extends readonly AnyTrigger[] = readonly AnyTrigger[],
> {
  readonly kind: "connector";
  readonly name: Name;
  readonly displayName: string;
  readonly description: string;
  readonly version: string;
  readonly auth: A;
  readonly actions: Actions;
  readonly triggers: Triggers;
  readonly logoUrl: string | undefined;
  readonly website: string | undefined;
  readonly categories: readonly string[];
  readonly http: ConnectorHttpConfig<A> | undefined;
  readonly appWebhook: AppWebhookDefinition | undefined;
  getAction(name: string): AnyAction | undefined;
  getTrigger(name: string): AnyTrigger | undefined;
  /** Metadata with each action's and trigger's JSON Schema: for catalogs, UIs and AI tools. */
  describe(): ConnectorDescription;
  /** A typed client: `connector.init({ auth }).actions.send_message({ ... })`. */
  init(config?: InitConfig<A>): ConnectorClient<A, Actions, Triggers>;
}

export type AnyConnector = Connector<string, any, readonly AnyAction[], readonly AnyTrigger[]>;

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function checkAuth(owner: string, auth: AnyAuth | undefined): void {
  const kinds = Object.values(AUTH_TYPES) as string[];
  if (!auth || !kinds.includes(auth.type)) {
    throw new DefinitionError(
      `${owner} has no valid auth: use ConnectorAuth.None(), SecretText(...), CustomAuth(...) or OAuth2(...).`,
    );
  }
  if (auth.type === AUTH_TYPES.NONE) return;
  assertText(`${owner} auth`, "description", auth.description);
  if (auth.type === AUTH_TYPES.CUSTOM) checkPropsDefinition(`${owner} auth`, auth.props);
  if (auth.type === AUTH_TYPES.OAUTH2) {
    for (const field of ["authorizationUrl", "tokenUrl"] as const) {
      try {
        new URL(auth[field]);
      } catch {
        throw new DefinitionError(
          `${owner} auth: ${field} must be an absolute URL; got ${JSON.stringify(auth[field])}.`,
        );
      }
    }
    if (!Array.isArray(auth.scopes)) {
      throw new DefinitionError(
        `${owner} auth: scopes must be an array of scope names (it may be empty).`,
      );
    }
    if (auth.props) checkPropsDefinition(`${owner} auth`, auth.props);
  }
}

/** Assembles a connector from its auth, actions and triggers, checking the whole definition. */
export function createConnector<
  const Name extends string,
  A extends AnyAuth,
  const Actions extends readonly AnyAction[],
  const Triggers extends readonly AnyTrigger[],
>(
  definition: ConnectorDefinition<Name, A, Actions, Triggers>,
): Connector<Name, A, Actions, Triggers> {
  assertKebabCase("Connector", definition.name);
  const owner = `Connector "${definition.name}"`;
  assertText(owner, "displayName", definition.displayName);
  assertText(owner, "description", definition.description);
  checkAuth(owner, definition.auth);

  if (!Array.isArray(definition.actions)) {
    throw new DefinitionError(
      `${owner}: actions must be an array of createAction(...) results (it may be empty).`,
    );
  }
  if (!Array.isArray(definition.triggers)) {
    throw new DefinitionError(
      `${owner}: triggers must be an array of createTrigger(...) results (it may be empty).`,
    );
  }
  for (const action of definition.actions) {
    if (action?.kind !== "action") {
      throw new DefinitionError(
        `${owner}: every entry of actions must come from createAction(...).`,
      );
    }
  }
  for (const trigger of definition.triggers) {
    if (trigger?.kind !== "trigger") {
      throw new DefinitionError(
        `${owner}: every entry of triggers must come from createTrigger(...).`,
      );
    }
  }
  assertUnique(
    owner,
    "action",
    definition.actions.map((action) => action.name),
  );
  assertUnique(
    owner,
    "trigger",
    definition.triggers.map((trigger) => trigger.name),
  );
  for (const item of [...definition.actions, ...definition.triggers]) {
    if (item.auth !== undefined && item.auth !== definition.auth) {
      throw new DefinitionError(
        `${owner}: ${item.kind} "${item.name}" declares a different auth than the connector; pass the connector's own auth object.`,
      );
    }
  }

  const version = definition.version ?? "0.0.0";
  if (!SEMVER.test(version)) {
    throw new DefinitionError(
      `${owner}: version ${JSON.stringify(version)} is not a semantic version such as "1.2.3".`,
    );
  }
  if (definition.http) {
    if (typeof definition.http.baseUrl === "string") {
      try {
        new URL(definition.http.baseUrl);
      } catch {
        throw new DefinitionError(
          `${owner}: http.baseUrl must be an absolute URL; got ${JSON.stringify(definition.http.baseUrl)}.`,
        );
      }
    }
    if (definition.auth.type === AUTH_TYPES.CUSTOM && !definition.http.authenticate) {
      throw new DefinitionError(
        `${owner}: with CustomAuth, http.authenticate must say how the fields go on the wire, e.g. (auth) => ({ type: "header", name: "X-Api-Key", value: auth.apiKey }).`,
      );
    }
  }
  const appTriggers = definition.triggers.filter(
    (trigger) => trigger.type === "WEBHOOK" && trigger.appWebhook,
  );
  if (appTriggers.length > 0 && !definition.appWebhook) {
    throw new DefinitionError(
      `${owner}: trigger "${appTriggers[0]!.name}" uses the app-level webhook, so the connector needs appWebhook: { appConfigKeys, verify }.`,
    );
  }
  const routed = appTriggers.find(
    (trigger) => trigger.type === "WEBHOOK" && trigger.appWebhook?.routingKey,
  );
  if (routed && !definition.appWebhook?.routingKeys) {
    throw new DefinitionError(
      `${owner}: trigger "${routed.name}" has appWebhook.routingKey, so the connector's appWebhook needs routingKeys(request): the keys a delivery concerns.`,
    );
  }

  const actionsByName = new Map(definition.actions.map((action) => [action.name, action]));
  const triggersByName = new Map(definition.triggers.map((trigger) => [trigger.name, trigger]));

  const connector: Connector<Name, A, Actions, Triggers> = Object.freeze({
    kind: "connector" as const,
    name: definition.name,
    displayName: definition.displayName,
    description: definition.description,
    version,
    auth: definition.auth,
    actions: definition.actions,
    triggers: definition.triggers,
    logoUrl: definition.logoUrl,
    website: definition.website,
    categories: definition.categories ?? [],
    http: definition.http,
    appWebhook: definition.appWebhook,
    getAction: (name: string) => actionsByName.get(name),
    getTrigger: (name: string) => triggersByName.get(name),
    describe: () => describeConnector(connector),
    init: (config?: InitConfig<A>) => initConnector(connector, config),
  });
  return connector;
}
