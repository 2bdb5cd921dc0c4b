import type { ReceiveResult, TriggerEvent, WebhookRequest } from "@triggo/connector-sdk";
import type { AuthConfigSecretsReader } from "./auth-configs";
import type { ConnectedAccountStore } from "./connected-accounts";
import type { ConnectorClients } from "./connector-clients";
import type { Queryable } from "./database";
import type { EventBus, RuntimeEvent } from "./event-bus";
import { deliverySeen, insertEvents, recordDelivery } from "./event-rows";
import {
  acceptedResponse,
  errorResponse,
  failureResponse,
  type IngressResponse,
} from "./ingress-responses";
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

/** What one instance made of a delivery, waiting to be committed. */
interface Outcome {
  row: TriggerInstanceRow;
  store: StagedStore;
  events: TriggerEvent[];
}

/**
 * The instance's row and everything in its store, read in one statement (one consistent
 * snapshot) instead of a query for the row and another per key the trigger reads.
 */
async function findInstanceWithState(
  database: Queryable,
  id: string,
): Promise<{ row: TriggerInstanceRow; state: Record<string, unknown> } | undefined> {
  const [found] = await database.query<TriggerInstanceRow & { triggo_state: unknown }>(
    `SELECT ti.*, (SELECT jsonb_object_agg(s.key, s.value) FROM trigger_state s
       WHERE s.instance_id = ti.id) AS triggo_state
     FROM trigger_instances ti WHERE ti.id = $1`,
    [id],
  );
  if (!found) return undefined;
  const { triggo_state: state, ...row } = found;
  return { row, state: (state ?? {}) as Record<string, unknown> };
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

  /**
   * Commits the outcomes in one transaction: the delivery id (a retry finds it and stores
   * nothing), the new events, the state changes. Returns the events stored, or undefined for a
   * duplicate delivery.
   */
  const commit = async (
    scope: string,
    deliveryId: string | undefined,
    outcomes: readonly Outcome[],
  ): Promise<RuntimeEvent[] | undefined> => {
    const stored = await database.transaction(async (transaction) => {
      if (deliveryId !== undefined && !(await recordDelivery(transaction, scope, deliveryId))) {
        return undefined;
      }
      const events: RuntimeEvent[] = [];
      for (const outcome of outcomes) {
        await outcome.store.flush(transaction, outcome.row.id);
        events.push(...(await insertEvents(transaction, outcome.row, outcome.events, deliveryId)));
      }
      return events;
    });
    if (stored?.length) bus.publish(stored);
    return stored;
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
        const found = await findInstanceWithState(database, triggerId);
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
        const target = await targetOf(row);
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
