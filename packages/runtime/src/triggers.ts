import { type AnyTrigger, type Store, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { ConnectorError, type ErrorCode } from "@triggo/shared";
import { configHash } from "./config-hash";
import type { ConnectedAccountStore } from "./connected-accounts";
import { LATEST_VERSION } from "./runtime-connectors";
import type { RuntimeContext } from "./runtime-context";
import { createId, ID_PREFIXES } from "./runtime-ids";
import { chooseConnectedAccount } from "./trigger-account-choice";
import { validateTriggerConfig } from "./trigger-config";
import { type HookTarget, hookTargetOf, type TriggerHooks } from "./trigger-hooks";
import {
  findTriggerInstanceByConfig,
  getTriggerInstance,
  insertTriggerInstance,
  listTriggerInstances,
  setTriggerInstanceConfig,
  setTriggerInstanceRoutingKey,
  setTriggerInstanceStatus,
  type TriggerInstance,
  type TriggerInstanceFilters,
  type TriggerInstanceRow,
  toTriggerInstance as toStoredInstance,
} from "./trigger-instance-rows";
import { createStagedStore } from "./trigger-state-store";
import type { TriggerType, TriggerTypes } from "./trigger-types";

export interface TriggerCreateOptions {
  /** The trigger's config, as `getType(slug).config` describes it. */
  triggerConfig?: Record<string, unknown>;
  /** Default: the user's most recently created active account of the trigger's toolkit. */
  connectedAccountId?: string;
  /** The connector version to pin. Default: the runtime's setting for it, else "latest". */
  version?: string;
}

/** What the provider refused while the runtime removed a trigger: left there, to clean by hand. */
export interface TriggerLeftover {
  code: ErrorCode;
  message: string;
}

export interface TriggerDeleteResult {
  triggerId: string;
  deleted: true;
  /** Set when onDisable failed (e.g. the webhook could not be removed at the provider). */
  leftover?: TriggerLeftover;
}

export interface TriggerDisableResult {
  trigger: TriggerInstance;
  leftover?: TriggerLeftover;
}

/** The triggers API: types, and instances for users' connected accounts. */
export interface Triggers {
  getType(slug: string): Promise<TriggerType>;
  listTypes(filters?: { toolkits?: readonly string[] }): Promise<TriggerType[]>;
  /**
   * Creates (and enables) a trigger for the user; the same account, slug and config always give
   * the same `triggerId`. Nothing is stored when the provider refuses the registration.
   */
  create(
    userId: string,
    slug: string,
    options?: TriggerCreateOptions,
  ): Promise<{ triggerId: string }>;
  get(triggerId: string): Promise<TriggerInstance>;
  /** Enabled instances (all with `showDisabled`), newest first. */
  listActive(filters?: TriggerInstanceFilters): Promise<TriggerInstance[]>;
  /** Changes the config: the old registration is removed and the new one made. */
  update(
    triggerId: string,
    options: { triggerConfig: Record<string, unknown> },
  ): Promise<TriggerInstance>;
  enable(triggerId: string): Promise<TriggerInstance>;
  /** Runs onDisable; when the provider refuses, the instance is disabled anyway and told. */
  disable(triggerId: string, reason?: string): Promise<TriggerDisableResult>;
  /** Runs onDisable and removes the instance, its state and its events. */
  delete(triggerId: string): Promise<TriggerDeleteResult>;
}

/** The routing key of an app-level webhook instance, read from its store after onEnable. */
async function routingKeyOf(trigger: AnyTrigger, store: Store): Promise<string | null> {
  if (trigger.type !== TRIGGER_TYPES.WEBHOOK || !trigger.appWebhook?.routingKey) return null;
  return (await trigger.appWebhook.routingKey(store)) ?? null;
}

/** When a newly enabled polling instance is first due; null for webhook triggers. */
function firstPollAt(trigger: AnyTrigger): Date | null {
  return trigger.type === TRIGGER_TYPES.POLLING
    ? new Date(Date.now() + trigger.intervalSeconds * 1000)
    : null;
}

function leftoverOf(error: unknown): TriggerLeftover {
  return ConnectorError.is(error)
    ? { code: error.code, message: error.message }
    : { code: "UNKNOWN", message: error instanceof Error ? error.message : String(error) };
}

export function createTriggers(
  context: RuntimeContext,
  types: TriggerTypes,
  accounts: ConnectedAccountStore,
  hooks: TriggerHooks,
): Triggers {
  const { database, registry, logger } = context;

  const targetOf = (row: TriggerInstanceRow) => hookTargetOf(registry, accounts, row);

  /** The instance with, for a webhook trigger, the URL to give the provider. */
  const toTriggerInstance = (row: TriggerInstanceRow): TriggerInstance => {
    const instance = toStoredInstance(row);
    let type: TriggerType;
    try {
      type = types.get(row.slug);
    } catch {
      return instance; // Its connector is no longer registered.
    }
    if (type.type !== "webhook") return instance;
    const webhookUrl = type.appWebhook
      ? `${context.publicUrl}/webhooks/apps/${encodeURIComponent(row.connector)}`
      : `${context.publicUrl}/webhooks/${encodeURIComponent(row.id)}`;
    return { ...instance, webhookUrl };
  };

  /** Runs onDisable; a failure is returned, not thrown. */
  const tryDisable = async (target: HookTarget) => {
    const store = createStagedStore(database, target.instanceId);
    try {
      await hooks.run("disable", target, store);
      return { store, leftover: undefined };
    } catch (error) {
      return { store: undefined, leftover: leftoverOf(error) };
    }
  };

  const enable = async (triggerId: string): Promise<TriggerInstance> => {
    const row = await getTriggerInstance(database, triggerId);
    if (row.status === "enabled") return toTriggerInstance(row);
    const store = createStagedStore(database, row.id);
    const target = await targetOf(row);
    await hooks.run("enable", target, store);
    const routingKey = await routingKeyOf(target.trigger, store);
    const updated = await database.transaction(async (transaction) => {
      await store.flush(transaction, row.id);
      await setTriggerInstanceRoutingKey(transaction, row.id, routingKey);
      return setTriggerInstanceStatus(transaction, row.id, {
        status: "enabled",
        nextPollAt: firstPollAt(target.trigger),
      });
    });
    return toTriggerInstance(updated);
  };

  return {
    getType: async (slug) => types.get(slug),
    listTypes: async (filters) => types.list(filters),

    async create(userId, slug, options = {}) {
      if (typeof userId !== "string" || userId.trim() === "") {
        throw new ConnectorError("VALIDATION", "userId must be a non-empty string.");
      }
      const type = types.resolve(slug);
      const version =
        options.version ?? context.connectorVersions[type.connector] ?? LATEST_VERSION;
      const connector = registry.get(type.connector, version);
      const trigger = registry.trigger(connector, type.trigger);
      const config = validateTriggerConfig(type.slug, trigger, options.triggerConfig);
      const account = await chooseConnectedAccount(accounts, logger, {
        userId,
        slug: type.slug,
        toolkit: type.connector,
        connectedAccountId: options.connectedAccountId,
      });
      const hash = configHash(config);
      const key = { connectedAccountId: account.id, slug: type.slug, configHash: hash };

      const existing = await findTriggerInstanceByConfig(database, key);
      if (existing) {
        if (existing.status === "disabled") await enable(existing.id);
        return { triggerId: existing.id };
      }

      const target: HookTarget = {
        instanceId: createId(ID_PREFIXES.triggerInstance),
        slug: type.slug,
        connector,
        trigger,
        account,
        config,
      };
      const store = createStagedStore(database, target.instanceId);
      await hooks.run("enable", target, store);
      const routingKey = await routingKeyOf(trigger, store);
      let inserted: TriggerInstanceRow | undefined;
      try {
        inserted = await database.transaction(async (transaction) => {
          const row = await insertTriggerInstance(transaction, {
            id: target.instanceId,
            user_id: userId,
            connected_account_id: account.id,
            slug: type.slug,
            connector: connector.name,
            trigger_name: trigger.name,
            connector_version: connector.version,
            config,
            config_hash: hash,
            next_poll_at: firstPollAt(trigger),
          });
          if (row) {
            await store.flush(transaction, row.id);
            await setTriggerInstanceRoutingKey(transaction, row.id, routingKey);
          }
          return row;
        });
      } catch (error) {
        // The registration at the provider must not outlive a row that was never written.
        await hooks.run("disable", target, store).catch(() => undefined);
        throw error;
      }
      if (!inserted) {
        // The same trigger was created concurrently: keep that one, undo this registration.
        await hooks.run("disable", target, store).catch((error: unknown) =>
          logger.warn("Could not remove a concurrent duplicate registration.", {
            slug: type.slug,
            error: leftoverOf(error),
          }),
        );
        const winner = await findTriggerInstanceByConfig(database, key);
        return { triggerId: winner!.id };
      }
      return { triggerId: inserted.id };
    },

    get: async (triggerId) => toTriggerInstance(await getTriggerInstance(database, triggerId)),

    listActive: async (filters = {}) =>
      (await listTriggerInstances(database, filters)).map(toTriggerInstance),

    async update(triggerId, options) {
      const row = await getTriggerInstance(database, triggerId);
      const current = await targetOf(row);
      const config = validateTriggerConfig(row.slug, current.trigger, options.triggerConfig);
      const hash = configHash(config);
      if (hash === row.config_hash) return toTriggerInstance(row);
      const clash = await findTriggerInstanceByConfig(database, {
        connectedAccountId: row.connected_account_id,
        slug: row.slug,
        configHash: hash,
      });
      if (clash) {
        throw new ConnectorError(
          "CONFLICT",
          `Trigger ${clash.id} already watches ${row.slug} with this config on the same account: use it, or delete it first.`,
        );
      }
      const store = createStagedStore(database, row.id);
      if (row.status === "enabled") {
        await hooks.run("disable", current, store);
        try {
          await hooks.run("enable", { ...current, config }, store);
        } catch (error) {
          // Put the old registration back (the staged state is rebuilt from the database).
          await hooks
            .run("enable", current, createStagedStore(database, row.id))
            .catch(() => undefined);
          throw error;
        }
      }
      const routingKey =
        row.status === "enabled" ? await routingKeyOf(current.trigger, store) : undefined;
      const updated = await database.transaction(async (transaction) => {
        await store.flush(transaction, row.id);
        if (routingKey !== undefined) {
          await setTriggerInstanceRoutingKey(transaction, row.id, routingKey);
        }
        return setTriggerInstanceConfig(transaction, row.id, config, hash);
      });
      return toTriggerInstance(updated);
    },

    enable,

    async disable(triggerId, reason) {
      const row = await getTriggerInstance(database, triggerId);
      if (row.status === "disabled") return { trigger: toTriggerInstance(row) };
      const { store, leftover } = await tryDisable(await targetOf(row));
      const why = [reason, leftover && `removal at the provider failed: ${leftover.message}`]
        .filter(Boolean)
        .join("; ");
      const updated = await database.transaction(async (transaction) => {
        await store?.flush(transaction, row.id);
        return setTriggerInstanceStatus(transaction, row.id, {
          status: "disabled",
          reason: why || undefined,
        });
      });
      return { trigger: toTriggerInstance(updated), ...(leftover ? { leftover } : {}) };
    },

    async delete(triggerId) {
      const row = await getTriggerInstance(database, triggerId);
      const [kept] = await database.query<{ count: string }>(
        "SELECT count(*)::text AS count FROM trigger_state WHERE instance_id = $1",
        [row.id],
      );
      // A disabled instance whose onDisable did not finish still has state: try again.
      const needsDisable = row.status === "enabled" || kept?.count !== "0";
      const { leftover } = needsDisable
        ? await tryDisable(await targetOf(row))
        : { leftover: undefined };
      if (leftover) {
        logger.warn("Deleted a trigger whose registration at the provider could not be removed.", {
          triggerId: row.id,
          slug: row.slug,
          leftover,
        });
      }
      await database.query("DELETE FROM trigger_instances WHERE id = $1", [row.id]);
      return { triggerId: row.id, deleted: true, ...(leftover ? { leftover } : {}) };
    },
  };
}
