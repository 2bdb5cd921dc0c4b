import type { AppWebhookRevocation, ReceiveResult, WebhookRequest } from "@triggo/connector-sdk";
import type { AuthConfigSecretsReader } from "./auth-configs";
import { createBatchQueue } from "./batch-queue";
import type { ConnectedAccountRow, ConnectedAccountStore } from "./connected-accounts";
import type { ConnectorClients } from "./connector-clients";
import type { Queryable } from "./database";
import type { EventBus, RuntimeEvent } from "./event-bus";
import { deliverySeen } from "./event-rows";
import { createCommitQueue, type Outcome } from "./ingress-commits";
import {
  acceptedResponse,
  errorResponse,
  failureResponse,
  type IngressResponse,
} from "./ingress-responses";
import { type StoredLifecycleEvent, storeLifecycleEvent } from "./lifecycle-events";
import type { RuntimeContext } from "./runtime-context";
import { type HookTarget, hookTargetOf, triggerCallArgs, triggerClientOf } from "./trigger-hooks";
import { listTriggerInstances, type TriggerInstanceRow } from "./trigger-instance-rows";
import { createStagedStore, type StagedStore } from "./trigger-state-store";

/**
 * Webhook deliveries in: the HTTP server calls these with the request it received and sends back
 * the response. Events are committed before a 2xx is returned.
 */
export interface Ingress {
  /** A delivery to one instance's URL, `/webhooks/{triggerId}`. */
  receive(triggerId: string, request: WebhookRequest): Promise<IngressResponse>;
  /**
   * A delivery to a connector's app endpoint, `/webhooks/apps/{connector}` (Slack's Events API):
   * verified once with the app settings, then offered to every enabled instance that matches.
   * Default app settings: those of the connector's most recent auth config that has them.
   */
  receiveApp(
    connectorName: string,
    request: WebhookRequest,
    appConfig?: Record<string, string | undefined>,
  ): Promise<IngressResponse>;
}

/** An instance as a delivery needs it: its row, all its stored state, and its account's row. */
interface InstanceSnapshot {
  row: TriggerInstanceRow;
  state: Record<string, unknown>;
  account: ConnectedAccountRow;
}

/** The most deliveries whose instances one statement reads. */
const MAX_READ_BATCH = 500;

/**
 * Reads instances with everything a delivery needs, in one statement per batch (see
 * `createBatchQueue`): one query for many deliveries, where a query each would queue behind the
 * others. Each instance comes with its store and its account read in the same snapshot.
 */
function createInstanceReader(
  database: Queryable,
): (id: string) => Promise<InstanceSnapshot | undefined> {
  const read = async (ids: readonly string[]) => {
    const rows = await database.query<
      TriggerInstanceRow & { triggo_state: unknown; triggo_account: Record<string, unknown> }
    >(
      `SELECT ti.*, (SELECT jsonb_object_agg(s.key, s.value) FROM trigger_state s
         WHERE s.instance_id = ti.id) AS triggo_state,
         (SELECT to_jsonb(ca) FROM connected_accounts ca WHERE ca.id = ti.connected_account_id)
           AS triggo_account
       FROM trigger_instances ti WHERE ti.id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    const found = new Map<string, InstanceSnapshot>();
    for (const { triggo_state: state, triggo_account: account, ...row } of rows) {
      found.set(row.id, {
        row,
        state: (state ?? {}) as Record<string, unknown>,
        // As JSON, its times are text: the row as the accounts store reads it has dates.
        account: {
          ...(account as unknown as ConnectedAccountRow),
          created_at: new Date(account.created_at as string),
          updated_at: new Date(account.updated_at as string),
        },
      });
    }
    // Each delivery gets its own copy: its trigger may change what it reads.
    return ids.map((id) => {
      const snapshot = found.get(id);
      return snapshot && structuredClone(snapshot);
    });
  };
  return createBatchQueue(read, MAX_READ_BATCH);
}

/**
 * A staged store whose reads come from `snapshot` (all the instance's state, read with its row)
 * until the trigger writes a key; then from the staged store, which sees its own writes.
 */
function prefetchedStore(staged: StagedStore, snapshot: Record<string, unknown>): StagedStore {
  const written = new Set<string>();
  return {
    async get<T>(key: string) {
      if (written.has(key)) return staged.get<T>(key);
      return Object.hasOwn(snapshot, key) ? (structuredClone(snapshot[key]) as T) : undefined;
    },
    async put(key, value) {
      written.add(key);
      await staged.put(key, value);
    },
    async delete(key) {
      written.add(key);
      await staged.delete(key);
    },
    flush: (transaction, instanceId) => staged.flush(transaction, instanceId),
  };
}

/**
 * The enabled instances of an app-level connector a delivery is routed to: those whose routing
 * key is one of the delivery's, and those without a key (their trigger gives none), which see
 * every delivery.
 */
function listRoutedInstances(
  database: Queryable,
  connector: string,
  routingKeys: readonly string[],
): Promise<TriggerInstanceRow[]> {
  return database.query<TriggerInstanceRow>(
    `SELECT * FROM trigger_instances
     WHERE connector = $1 AND status = 'enabled'
       AND (routing_key IS NULL OR routing_key = ANY($2::text[]))
     ORDER BY created_at DESC, id DESC`,
    [connector, [...routingKeys]],
  );
}

export function createIngress(
  context: RuntimeContext,
  accounts: ConnectedAccountStore,
  authConfigs: AuthConfigSecretsReader,
  clients: ConnectorClients,
  bus: EventBus,
): Ingress {
  const { database, registry, logger } = context;

  const targetOf = (row: TriggerInstanceRow) => hookTargetOf(registry, accounts, row);

  const runReceive = async (
    target: HookTarget,
    request: WebhookRequest,
    app?: { appConfig: Record<string, string | undefined> },
    store: StagedStore = createStagedStore(database, target.instanceId),
  ): Promise<ReceiveResult<unknown> & { store: StagedStore }> => {
    const client = await clients.forAccount(target.connector, target.account);
    const result = await triggerClientOf(client, target).receive({
      ...triggerCallArgs(context.publicUrl, target, store),
      request,
      ...(app ? { appConfig: app.appConfig, verified: true } : {}),
    } as never);
    return { ...(result as ReceiveResult<unknown>), store };
  };

  const enqueueCommit = createCommitQueue(database);
  const readInstance = createInstanceReader(database);

  /**
   * Commits the outcomes (with other deliveries under way, in one transaction): the delivery id
   * (a retry finds it and stores nothing), the new events, the state changes. Returns the events
   * stored, or undefined for a duplicate delivery.
   */
  const commit = async (
    scope: string,
    deliveryId: string | undefined,
    outcomes: readonly Outcome[],
  ): Promise<RuntimeEvent[] | undefined> => {
    const stored = await enqueueCommit({ scope, deliveryId, outcomes });
    if (stored?.length) bus.publish(stored);
    return stored;
  };

  /**
   * An app delivery saying accounts no longer work: the accounts of the instances routed by those
   * keys are marked revoked and all their enabled triggers disabled (nothing is asked of the
   * provider: it already dropped them), with a lifecycle event for each, in one transaction with
   * the delivery id (a retry changes nothing).
   */
  const revoke = async (
    connectorName: string,
    scope: string,
    deliveryId: string | undefined,
    revocation: AppWebhookRevocation,
  ): Promise<IngressResponse> => {
    const { reason } = revocation;
    const at = new Date();
    const lifecycle = await database.transaction(async (transaction) => {
      if (deliveryId !== undefined) {
        const recorded = await transaction.query(
          `INSERT INTO webhook_deliveries (scope, delivery_id) VALUES ($1, $2)
           ON CONFLICT (scope, delivery_id) DO NOTHING RETURNING delivery_id`,
          [scope, deliveryId],
        );
        if (recorded.length === 0) return undefined;
      }
      const accounts = await transaction.query<{ id: string; user_id: string }>(
        `UPDATE connected_accounts SET status = 'revoked', status_reason = $3, updated_at = now()
         WHERE status <> 'revoked' AND id IN (
           SELECT connected_account_id FROM trigger_instances
           WHERE connector = $1 AND routing_key = ANY($2::text[]))
         RETURNING id, user_id`,
        [connectorName, [...revocation.routingKeys], reason],
      );
      const stored: StoredLifecycleEvent[] = [];
      for (const account of accounts) {
        stored.push(
          await storeLifecycleEvent(transaction, {
            type: "account.revoked",
            connectedAccountId: account.id,
            userId: account.user_id,
            toolkit: connectorName,
            reason,
            code: "AUTH_INVALID",
            at,
          }),
        );
      }
      const disabled = await transaction.query<TriggerInstanceRow>(
        `UPDATE trigger_instances
         SET status = 'disabled', disabled_reason = $2, next_poll_at = NULL, updated_at = now()
         WHERE status = 'enabled' AND connected_account_id = ANY($1::text[])
         RETURNING *`,
        [accounts.map((account) => account.id), reason],
      );
      for (const row of disabled) {
        stored.push(
          await storeLifecycleEvent(transaction, {
            type: "trigger.disabled",
            triggerId: row.id,
            slug: row.slug,
            toolkit: row.connector,
            userId: row.user_id,
            connectedAccountId: row.connected_account_id,
            reason,
            code: "AUTH_INVALID",
            at,
          }),
        );
      }
      return stored;
    });
    if (lifecycle === undefined) return acceptedResponse(0, true);
    if (lifecycle.length > 0) {
      logger.warn("Revoked connected accounts the provider dropped.", {
        connector: connectorName,
        accounts: lifecycle.filter((event) => event.type === "account.revoked").length,
        triggers: lifecycle.filter((event) => event.type === "trigger.disabled").length,
      });
    }
    for (const event of lifecycle) bus.publishLifecycle(event);
    return acceptedResponse(0);
  };

  const finish = async (
    scope: string,
    deliveryId: string | undefined,
    outcomes: readonly Outcome[],
  ): Promise<IngressResponse> => {
    const stored = await commit(scope, deliveryId, outcomes);
    if (stored === undefined) return acceptedResponse(0, true);
    logger.debug("Stored webhook events.", { scope, deliveryId, events: stored.length });
    return acceptedResponse(stored.length);
  };

  return {
    async receive(triggerId, request) {
      try {
        const found = await readInstance(triggerId);
        if (!found) {
          return errorResponse(404, "NOT_FOUND", `No trigger ${JSON.stringify(triggerId)} here.`);
        }
        const { row } = found;
        if (row.status !== "enabled") {
          return errorResponse(
            410,
            "NOT_FOUND",
            `Trigger ${row.id} is disabled${row.disabled_reason ? ` (${row.disabled_reason})` : ""}: it takes no deliveries.`,
          );
        }
        const connector = registry.get(row.connector, row.connector_version);
        const target: HookTarget = {
          instanceId: row.id,
          slug: row.slug,
          connector,
          trigger: registry.trigger(connector, row.trigger_name),
          account: found.account,
          config: row.config,
        };
        if (target.trigger.type !== "WEBHOOK" || target.trigger.appWebhook) {
          return errorResponse(
            405,
            "CONFIGURATION",
            target.trigger.type === "WEBHOOK"
              ? `Trigger ${row.id} (${row.slug}) takes deliveries at ${context.publicUrl}/webhooks/apps/${row.connector}, not at its own URL.`
              : `Trigger ${row.id} (${row.slug}) is a polling trigger: it takes no webhook deliveries.`,
          );
        }
        const scope = row.id;
        const store = prefetchedStore(createStagedStore(database, row.id), found.state);
        const result = await runReceive(target, request, undefined, store);
        if (result.handshake) {
          await commit(scope, undefined, [{ row, store: result.store, events: [] }]);
          return result.handshake;
        }
        // No separate look-up of the delivery id first: the commit records it, and a retry (the
        // id already recorded) stores nothing and is answered as a duplicate.
        const { deliveryId } = result;
        return await finish(scope, deliveryId, [
          { row, store: result.store, events: result.events },
        ]);
      } catch (error) {
        logger.warn("A webhook delivery was refused.", {
          triggerId,
          error: failureResponse(error).body,
        });
        return failureResponse(error);
      }
    },

    async receiveApp(connectorName, request, appConfig) {
      try {
        if (!registry.has(connectorName)) {
          return errorResponse(
            404,
            "NOT_FOUND",
            `No connector ${JSON.stringify(connectorName)} here.`,
          );
        }
        const connector = registry.get(connectorName);
        const app = connector.appWebhook;
        if (!app) {
          return errorResponse(
            404,
            "NOT_FOUND",
            `Connector ${connectorName} has no app-level webhook: deliver to /webhooks/{triggerId}.`,
          );
        }
        const settings = appConfig ?? (await authConfigs.latestAppConfig(connectorName)) ?? {};
        await app.verify({ request, appConfig: settings });
        const handshake = await app.handshake?.({ request, appConfig: settings });
        if (handshake) return handshake;
        const scope = `app:${connectorName}`;
        const deliveryId = app.deliveryId?.(request);
        if (deliveryId !== undefined && (await deliverySeen(database, scope, deliveryId))) {
          return acceptedResponse(0, true);
        }
        const revocation = app.revokes?.(request);
        if (revocation) return await revoke(connectorName, scope, deliveryId, revocation);
        const routingKeys = app.routingKeys?.(request);
        const rows =
          routingKeys === undefined
            ? await listTriggerInstances(database, { connector: connectorName })
            : await listRoutedInstances(database, connectorName, routingKeys);
        const outcomes: Outcome[] = [];
        for (const row of rows) {
          const target = await targetOf(row);
          if (target.trigger.type !== "WEBHOOK" || !target.trigger.appWebhook) continue;
          try {
            const result = await runReceive(target, request, { appConfig: settings });
            if (result.matched) {
              outcomes.push({ row, store: result.store, events: result.events });
            }
          } catch (error) {
            // One broken instance must not hold back the others' events.
            logger.error("A trigger failed on an app webhook delivery; it gets none of it.", {
              triggerId: row.id,
              error: failureResponse(error).body,
            });
          }
        }
        return await finish(scope, deliveryId, outcomes);
      } catch (error) {
        logger.warn("An app webhook delivery was refused.", {
          connector: connectorName,
          error: failureResponse(error).body,
        });
        return failureResponse(error);
      }
    },
  };
}
