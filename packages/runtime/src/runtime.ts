import type {
  AnyConnector,
  ConnectorDescription,
  DropdownState,
  TriggerDescription,
} from "@triggo/connector-sdk";
import {
  ConnectorError,
  createLogger,
  createRedactor,
  type Logger,
  type RetryOptions,
  redactLogger,
} from "@triggo/shared";
import { type AuthConfigs, createAuthConfigs } from "./auth-configs";
import { type ConnectedAccounts, createConnectedAccounts } from "./connected-accounts";
import { createConnectorClients } from "./connector-clients";
import type { Database } from "./database";
import { migrateDatabase } from "./database-migrations";
import { createPgliteDatabase } from "./database-pglite";
import { createDeliveries, type Deliveries } from "./delivery";
import {
  createEventBus,
  type EventListener,
  type LifecycleListener,
  type RuntimeEvent,
  type SubscribeFilters,
} from "./event-bus";
import { type EventListFilters, listEvents } from "./event-queries";
import { createIngress, type Ingress } from "./ingress";
import {
  createOAuthFlow,
  type OAuthCallbackParams,
  type OAuthCompletion,
  type OAuthStart,
  type OAuthStartInput,
} from "./oauth-flow";
import { createConnectorRegistry } from "./runtime-connectors";
import type { RuntimeContext } from "./runtime-context";
import { createEncryption } from "./runtime-encryption";
import { RUNTIME_INTERNALS, type RuntimeInternals } from "./runtime-internals";
import { invalidField, parseHttpUrl } from "./runtime-validation";
import { createTriggerHooks } from "./trigger-hooks";
import { listTriggerInstances } from "./trigger-instance-rows";
import { createTriggerTypes, triggerSlug } from "./trigger-types";
import { createTriggers, type TriggerDeleteResult, type Triggers } from "./triggers";

export interface RuntimeOptions {
  /** The connectors to run, e.g. `[slack, github, stripe, typeform]`. */
  connectors: readonly AnyConnector[];
  /** Default: embedded PGlite under `.triggo/data`. Migrations run at start. */
  database?: Database;
  /** Base64 of 32 bytes. Default: the TRIGGO_ENCRYPTION_KEY environment variable. */
  encryptionKey?: string | Uint8Array;
  /** Allows starting without a key (an ephemeral one, with a warning). Never in production. */
  development?: boolean;
  /** Where providers reach this runtime, e.g. `https://triggers.example.com`. */
  publicUrl: string;
  /** Default: warnings and errors as JSON lines on stderr. Every record is redacted. */
  logger?: Logger;
  /** The connector version new instances pin, by connector name. Default "latest" for each. */
  connectorVersions?: Record<string, string>;
  /** More slugs for trigger types, `{ OLD_NAME: "GITHUB_NEW_COMMIT" }`. */
  triggerAliases?: Record<string, string>;
  /** The fetch every connector client uses: the hook for tests and proxies. */
  fetch?: typeof fetch;
  /** Retry settings for the connector clients' HTTP calls. */
  retry?: Partial<RetryOptions> | false;
}

/** Connected accounts, with deletion (which first deletes the account's triggers). */
export interface RuntimeConnectedAccounts extends ConnectedAccounts {
  /**
   * Starts connecting an OAuth2 account: send the user's browser to `redirectUrl`. The provider
   * sends it back to `${publicUrl}/oauth/callback` (the runtime's server answers there), which
   * creates the account and forwards the user to `callbackUrl`.
   */
  initiate(input: OAuthStartInput): Promise<OAuthStart>;
  /**
   * Finishes it with the callback's query parameters (`state`, `code` or `error`): what the
   * server's `/oauth/callback` does; call it yourself when your own route takes the callback.
   */
  completeOAuth(params: OAuthCallbackParams): Promise<OAuthCompletion>;
  delete(id: string): Promise<{ id: string; deleted: true; triggers: TriggerDeleteResult[] }>;
}

/** What a dynamic dropdown of a trigger's config needs to list its options. */
export interface TriggerOptionsRequest {
  /** The account whose credentials the options loader uses. */
  connectedAccountId: string;
  /** The config prop whose options are wanted. */
  prop: string;
  /** The config filled in so far (the props the dropdown depends on). */
  triggerConfig?: Record<string, unknown>;
  searchValue?: string;
}

/** Trigger types and instances, and the options of a trigger type's dynamic dropdowns. */
export interface RuntimeTriggers extends Triggers {
  options(slug: string, request: TriggerOptionsRequest): Promise<DropdownState>;
}

/** A registered connector as `describe()` tells it, each trigger with its type's slug. */
export interface CatalogConnector extends ConnectorDescription {
  triggers: (TriggerDescription & { slug: string })[];
  /** The app settings its app-level webhook needs in an auth config (Slack: `signingSecret`). */
  appConfigKeys: string[];
}

/** The trigger runtime, in code; the HTTP server and the scheduler are built on it. */
export interface Runtime {
  readonly authConfigs: AuthConfigs;
  readonly connectedAccounts: RuntimeConnectedAccounts;
  readonly triggers: RuntimeTriggers;
  readonly ingress: Ingress;
  /** The registered connectors (newest version of each), with their actions and triggers. */
  readonly connectors: { list(): CatalogConnector[] };
  /** The stored events, newest first. */
  readonly events: { list(filters?: EventListFilters): Promise<RuntimeEvent[]> };
  /** Calls `listener` with each event stored from now on that matches; returns the unsubscriber. */
  subscribe(listener: EventListener, filters?: SubscribeFilters): () => void;
  /**
   * Calls `listener` with each lifecycle event from now on (`trigger.disabled`,
   * `account.expired`); returns the unsubscriber.
   */
  subscribeLifecycle(listener: LifecycleListener): () => void;
  readonly database: Database;
  /** Outbound delivery to the application's webhook endpoints (see `createDeliveryWorker`). */
  readonly deliveries: Deliveries;
  /** Closes the database. */
  close(): Promise<void>;
  /** @internal For parts built on the runtime in-process (the poller); not a public API. */
  readonly [RUNTIME_INTERNALS]?: RuntimeInternals;
}

function normalizePublicUrl(publicUrl: string): string {
  const url = parseHttpUrl(publicUrl);
  if (url) return url.toString().replace(/\/+$/, "");
  throw new ConnectorError(
    "CONFIGURATION",
    `publicUrl must be the absolute http(s) URL providers reach this runtime at, e.g. "https://triggers.example.com"; got ${JSON.stringify(publicUrl)}.`,
  );
}

/**
 * Starts the runtime: checks the options, opens the database (migrating it), and wires the APIs.
 *
 * ```ts
 * const runtime = await createRuntime({ connectors: [github], publicUrl, encryptionKey });
 * const { triggerId } = await runtime.triggers.create("user-1", "GITHUB_COMMIT_EVENT", {
 *   triggerConfig: { owner: "octocat", repo: "Hello-World" },
 * });
 * ```
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const logger = redactLogger(
    (options.logger ?? createLogger({ level: "warn" })).child({ component: "triggo-runtime" }),
    createRedactor(),
  );
  const registry = createConnectorRegistry(options.connectors ?? []);
  const publicUrl = normalizePublicUrl(options.publicUrl);
  const encryption = createEncryption({
    ...(options.encryptionKey === undefined ? {} : { key: options.encryptionKey }),
    development: options.development === true,
    logger,
  });
  const database = options.database ?? (await createPgliteDatabase());
  await migrateDatabase(database);

  const context: RuntimeContext = {
    database,
    registry,
    encryption,
    logger,
    publicUrl,
    connectorVersions: options.connectorVersions ?? {},
    fetch: options.fetch,
    retry: options.retry,
  };
  const authConfigs = createAuthConfigs(context);
  const accounts = createConnectedAccounts(context, authConfigs);
  const bus = createEventBus(logger);
  const clients = createConnectorClients(context, accounts, authConfigs, bus);
  const types = createTriggerTypes(registry, options.triggerAliases);
  const triggers = createTriggers(context, types, accounts, createTriggerHooks(context, clients));
  const oauth = createOAuthFlow(context, authConfigs, accounts);
  const ingress = createIngress(context, accounts, authConfigs, clients, bus);

  const connectedAccounts: RuntimeConnectedAccounts = {
    initiate: oauth.start,
    completeOAuth: oauth.complete,
    create: accounts.create,
    get: accounts.get,
    list: accounts.list,
    updateStatus: accounts.updateStatus,
    updateCredentials: accounts.updateCredentials,
    async delete(id) {
      await accounts.row(id);
      const instances = await listTriggerInstances(database, {
        connectedAccountIds: [id],
        showDisabled: true,
      });
      const removed: TriggerDeleteResult[] = [];
      for (const instance of instances) removed.push(await triggers.delete(instance.id));
      await accounts.remove(id);
      return { id, deleted: true, triggers: removed };
    },
  };

  const catalog = registry.latest().map((connector): CatalogConnector => {
    const description = connector.describe();
    return {
      ...description,
      appConfigKeys: [...(connector.appWebhook?.appConfigKeys ?? [])],
      triggers: description.triggers.map((trigger) => ({
        ...trigger,
        slug: triggerSlug(connector.name, trigger.name),
      })),
    };
  });

  /**
   * Filters name trigger types by their slug or an alias; events carry the slug itself. An
   * unknown slug is refused (it would match nothing), naming the known ones of its toolkit.
   */
  const canonicalSlugs = (slugs: readonly string[] | undefined, field: string) => {
    if (slugs === undefined) return undefined;
    return slugs.map((slug) => {
      try {
        return types.resolve(slug).slug;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw invalidField(field, `${field}: ${message}`, message);
      }
    });
  };
  const withCanonicalSlugs = <F extends { slugs?: readonly string[] }>(
    filters: F,
    field: string,
  ) =>
    filters.slugs === undefined
      ? filters
      : { ...filters, slugs: canonicalSlugs(filters.slugs, field) };

  const deliveries = createDeliveries(context);

  const optionsOf: RuntimeTriggers["options"] = async (slug, request) => {
    const target = types.resolve(slug);
    const account = await accounts.row(request.connectedAccountId);
    if (account.connector !== target.connector) {
      throw invalidField(
        "connectedAccountId",
        `Connected account ${account.id} is a ${account.connector} account; ${target.slug} needs a ${target.connector} one.`,
        "wrong connector",
      );
    }
    const connector = registry.get(target.connector);
    const client = await clients.forAccount(connector, account);
    return client.options({
      trigger: target.trigger,
      prop: request.prop,
      propsValue: request.triggerConfig ?? {},
      ...(request.searchValue === undefined ? {} : { searchValue: request.searchValue }),
    });
  };

  return {
    connectors: { list: () => structuredClone(catalog) },
    events: {
      list: (filters = {}) =>
        listEvents(database, {
          ...filters,
          ...(filters.slug === undefined
            ? {}
            : { slug: canonicalSlugs([filters.slug], "slug")![0]! }),
        }),
    },
    subscribeLifecycle: bus.subscribeLifecycle,
    authConfigs: {
      create: authConfigs.create,
      get: authConfigs.get,
      list: authConfigs.list,
      delete: authConfigs.delete,
    },
    connectedAccounts,
    triggers: { ...triggers, options: optionsOf },
    ingress,
    subscribe: (listener, filters = {}) =>
      bus.subscribe(listener, withCanonicalSlugs(filters, "slugs")),
    database,
    deliveries: {
      ...deliveries,
      createEndpoint: (input) =>
        deliveries.createEndpoint(
          input.filters === undefined
            ? input
            : { ...input, filters: withCanonicalSlugs(input.filters, "filters.slugs") },
        ),
    },
    close: () => database.close(),
    [RUNTIME_INTERNALS]: { context, accounts, clients, bus },
  };
}
