import type { AnyConnector } from "@triggo/connector-sdk";
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
import { createEventBus, type EventListener, type SubscribeFilters } from "./event-bus";
import { createIngress, type Ingress } from "./ingress";
import { createConnectorRegistry } from "./runtime-connectors";
import type { RuntimeContext } from "./runtime-context";
import { createEncryption } from "./runtime-encryption";
import { RUNTIME_INTERNALS, type RuntimeInternals } from "./runtime-internals";
import { createTriggerHooks } from "./trigger-hooks";
import { listTriggerInstances } from "./trigger-instance-rows";
import { createTriggerTypes } from "./trigger-types";
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
  delete(id: string): Promise<{ id: string; deleted: true; triggers: TriggerDeleteResult[] }>;
}

/** The trigger runtime, in code; the HTTP server and the scheduler are built on it. */
export interface Runtime {
  readonly authConfigs: AuthConfigs;
  readonly connectedAccounts: RuntimeConnectedAccounts;
  readonly triggers: Triggers;
  readonly ingress: Ingress;
  /** Calls `listener` with each event stored from now on that matches; returns the unsubscriber. */
  subscribe(listener: EventListener, filters?: SubscribeFilters): () => void;
  readonly database: Database;
  /** Outbound delivery to the application's webhook endpoints (see `createDeliveryWorker`). */
  readonly deliveries?: Deliveries;
  /** Closes the database. */
  close(): Promise<void>;
  /** @internal For parts built on the runtime in-process (the poller); not a public API. */
  readonly [RUNTIME_INTERNALS]?: RuntimeInternals;
}

function normalizePublicUrl(publicUrl: string): string {
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(url.protocol);
    return url.toString().replace(/\/+$/, "");
  } catch {
    throw new ConnectorError(
      "CONFIGURATION",
      `publicUrl must be the absolute http(s) URL providers reach this runtime at, e.g. "https://triggers.example.com"; got ${JSON.stringify(publicUrl)}.`,
    );
  }
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
  const clients = createConnectorClients(context, accounts, authConfigs);
  const types = createTriggerTypes(registry, options.triggerAliases);
  const triggers = createTriggers(context, types, accounts, createTriggerHooks(context, clients));
  const bus = createEventBus(logger);
  const ingress = createIngress(context, accounts, authConfigs, clients, bus);

  const connectedAccounts: RuntimeConnectedAccounts = {
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

  return {
    authConfigs: {
      create: authConfigs.create,
      get: authConfigs.get,
      list: authConfigs.list,
      delete: authConfigs.delete,
    },
    connectedAccounts,
    triggers,
    ingress,
    subscribe: bus.subscribe,
    database,
    deliveries: createDeliveries(context),
    close: () => database.close(),
    [RUNTIME_INTERNALS]: { context, accounts, clients, bus },
  };
}
