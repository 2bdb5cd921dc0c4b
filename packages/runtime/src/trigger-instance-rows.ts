import { ConnectorError } from "@triggo/shared";
import type { Queryable } from "./database";

export type TriggerInstanceStatus = "enabled" | "disabled";

/** A trigger watching one connected account; its state and credentials are never returned. */
export interface TriggerInstance {
  id: string;
  userId: string;
  connectedAccountId: string;
  /** The trigger type, `GITHUB_NEW_COMMIT`. */
  slug: string;
  /** The connector's name. */
  toolkit: string;
  triggerName: string;
  /** The connector version the instance was created with, and runs with. */
  connectorVersion: string;
  triggerConfig: Record<string, unknown>;
  status: TriggerInstanceStatus;
  disabledReason: string | undefined;
  /**
   * Webhook triggers: where the provider delivers (the runtime's `/webhooks/{triggerId}`, or the
   * connector's app-level `/webhooks/apps/{connector}`). The registration usually sets it itself;
   * give it to the provider when the trigger asks you to.
   */
  webhookUrl?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Internal: one trigger_instances row. */
export interface TriggerInstanceRow {
  id: string;
  user_id: string;
  connected_account_id: string;
  slug: string;
  connector: string;
  trigger_name: string;
  connector_version: string;
  config: Record<string, unknown>;
  config_hash: string;
  status: TriggerInstanceStatus;
  disabled_reason: string | null;
  /** Polling instances: when the scheduler should poll next; null for webhooks and when disabled. */
  next_poll_at: Date | null;
  /** App-level webhook instances: the key deliveries are routed by (Slack: the workspace id). */
  routing_key?: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Filters of `triggers.listActive`; each list matches any of its values. */
export interface TriggerInstanceFilters {
  triggerIds?: readonly string[];
  userIds?: readonly string[];
  connectedAccountIds?: readonly string[];
  slugs?: readonly string[];
  toolkits?: readonly string[];
  /** Include disabled instances too. Default false. */
  showDisabled?: boolean;
}

export function toTriggerInstance(row: TriggerInstanceRow): TriggerInstance {
  return {
    id: row.id,
    userId: row.user_id,
    connectedAccountId: row.connected_account_id,
    slug: row.slug,
    toolkit: row.connector,
    triggerName: row.trigger_name,
    connectorVersion: row.connector_version,
    triggerConfig: row.config,
    status: row.status,
    disabledReason: row.disabled_reason ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The instance's row, or undefined. */
export async function findTriggerInstance(
  queryable: Queryable,
  id: string,
): Promise<TriggerInstanceRow | undefined> {
  const [row] = await queryable.query<TriggerInstanceRow>(
    "SELECT * FROM trigger_instances WHERE id = $1",
    [id],
  );
  return row;
}

/** The instance's row, or a NOT_FOUND error naming the id. */
export async function getTriggerInstance(
  queryable: Queryable,
  id: string,
): Promise<TriggerInstanceRow> {
  const row = await findTriggerInstance(queryable, id);
  if (!row) throw new ConnectorError("NOT_FOUND", `No trigger ${JSON.stringify(id)}.`);
  return row;
}

/** The instance with the same account, type and config, if there is one. */
export async function findTriggerInstanceByConfig(
  queryable: Queryable,
  key: { connectedAccountId: string; slug: string; configHash: string },
): Promise<TriggerInstanceRow | undefined> {
  const [row] = await queryable.query<TriggerInstanceRow>(
    `SELECT * FROM trigger_instances
     WHERE connected_account_id = $1 AND slug = $2 AND config_hash = $3`,
    [key.connectedAccountId, key.slug, key.configHash],
  );
  return row;
}

/** Instances matching the filters, newest first. */
export function listTriggerInstances(
  queryable: Queryable,
  filters: TriggerInstanceFilters & { connector?: string } = {},
): Promise<TriggerInstanceRow[]> {
  const list = (values: readonly string[] | undefined) => (values ? [...values] : null);
  return queryable.query<TriggerInstanceRow>(
    `SELECT * FROM trigger_instances
     WHERE ($1::text[] IS NULL OR id = ANY($1::text[]))
       AND ($2::text[] IS NULL OR user_id = ANY($2::text[]))
       AND ($3::text[] IS NULL OR connected_account_id = ANY($3::text[]))
       AND ($4::text[] IS NULL OR slug = ANY($4::text[]))
       AND ($5::text[] IS NULL OR connector = ANY($5::text[]))
       AND ($6::boolean OR status = 'enabled')
     ORDER BY created_at DESC, id DESC`,
    [
      list(filters.triggerIds),
      list(filters.userIds),
      list(filters.connectedAccountIds),
      list(filters.slugs?.map((slug) => slug.toUpperCase())),
      list(filters.toolkits ?? (filters.connector ? [filters.connector] : undefined)),
      filters.showDisabled === true,
    ],
  );
}

/** Inserts a new instance; undefined when one with the same account, type and config exists. */
export async function insertTriggerInstance(
  queryable: Queryable,
  row: Omit<TriggerInstanceRow, "created_at" | "updated_at" | "status" | "disabled_reason">,
): Promise<TriggerInstanceRow | undefined> {
  const [inserted] = await queryable.query<TriggerInstanceRow>(
    `INSERT INTO trigger_instances (id, user_id, connected_account_id, slug, connector,
       trigger_name, connector_version, config, config_hash, next_poll_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
     ON CONFLICT (connected_account_id, slug, config_hash) DO NOTHING
     RETURNING *`,
    [
      row.id,
      row.user_id,
      row.connected_account_id,
      row.slug,
      row.connector,
      row.trigger_name,
      row.connector_version,
      JSON.stringify(row.config),
      row.config_hash,
      row.next_poll_at,
    ],
  );
  return inserted;
}

/** Enables (with the next poll time of a polling instance) or disables (with why). */
export async function setTriggerInstanceStatus(
  queryable: Queryable,
  id: string,
  change:
    | { status: "enabled"; nextPollAt: Date | null }
    | { status: "disabled"; reason?: string | undefined },
): Promise<TriggerInstanceRow> {
  const enabled = change.status === "enabled";
  const [row] = await queryable.query<TriggerInstanceRow>(
    `UPDATE trigger_instances SET status = $2, disabled_reason = $3, next_poll_at = $4,
       poll_failures = 0, poll_auth_failures = 0, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [
      id,
      change.status,
      enabled ? null : (change.reason ?? null),
      enabled ? change.nextPollAt : null,
    ],
  );
  return row!;
}

/** Sets the routing key an app-level webhook instance is found by (null: offered every delivery). */
export async function setTriggerInstanceRoutingKey(
  queryable: Queryable,
  id: string,
  routingKey: string | null,
): Promise<void> {
  await queryable.query(
    "UPDATE trigger_instances SET routing_key = $2 WHERE id = $1 AND routing_key IS DISTINCT FROM $2",
    [id, routingKey],
  );
}

/** Replaces the config. */
export async function setTriggerInstanceConfig(
  queryable: Queryable,
  id: string,
  config: Record<string, unknown>,
  configHash: string,
): Promise<TriggerInstanceRow> {
  const [row] = await queryable.query<TriggerInstanceRow>(
    `UPDATE trigger_instances SET config = $2::jsonb, config_hash = $3, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, JSON.stringify(config), configHash],
  );
  return row!;
}
