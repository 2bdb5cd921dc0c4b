import type { TriggerEvent } from "@triggo/connector-sdk";
import type { Queryable } from "./database";
import { endpointTakes } from "./delivery-rows";
import type { RuntimeEvent } from "./event-bus";
import { createId, ID_PREFIXES } from "./runtime-ids";
import type { TriggerInstanceRow } from "./trigger-instance-rows";

interface InsertedEventRow {
  id: string;
  event_id: string;
  delivery_id: string | null;
  payload: unknown;
  occurred_at: Date | null;
  received_at: Date;
}

function parseTime(value: string | undefined): string | null {
  if (value === undefined) return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

/** One event to store for an instance, with the provider delivery that brought it (if any). */
export interface EventToStore {
  instance: TriggerInstanceRow;
  event: TriggerEvent;
  deliveryId: string | undefined;
}

/**
 * Stores events, one statement for all of them: an event id its instance already has (or one
 * given twice) is skipped. Each stored event gets a pending delivery per matching endpoint, in the
 * same transaction, also one statement. Returns, per item, the event as stored, or undefined when
 * it was skipped.
 */
export async function insertEventBatch(
  transaction: Queryable,
  items: readonly EventToStore[],
): Promise<(RuntimeEvent | undefined)[]> {
  if (items.length === 0) return [];
  const ids = items.map(() => createId(ID_PREFIXES.event));
  const inserted = await transaction.query<InsertedEventRow>(
    `INSERT INTO events (id, instance_id, event_id, delivery_id, payload, occurred_at)
     SELECT x.id, x.instance_id, x.event_id, x.delivery_id, x.payload::jsonb, x.occurred_at::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS x(id, instance_id, event_id, delivery_id, payload, occurred_at, n)
     ORDER BY x.n
     ON CONFLICT (instance_id, event_id) DO NOTHING
     RETURNING id, event_id, delivery_id, payload, occurred_at, received_at`,
    [
      ids,
      items.map((item) => item.instance.id),
      items.map((item) => item.event.id),
      items.map((item) => item.deliveryId ?? null),
      items.map((item) => JSON.stringify(item.event.payload ?? null)),
      items.map((item) => parseTime(item.event.occurredAt)),
    ],
  );
  if (inserted.length === 0) return items.map(() => undefined);
  const byId = new Map(inserted.map((row) => [row.id, row]));
  const stored = items.flatMap((item, index) =>
    byId.has(ids[index]!) ? [{ id: ids[index]!, instance: item.instance }] : [],
  );
  // In the same transaction: an acknowledged event always has its outbound deliveries.
  await transaction.query(
    `INSERT INTO deliveries (id, endpoint_id, event_id)
     SELECT 'dl_' || replace(gen_random_uuid()::text, '-', ''), e.id, x.event_id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       AS x(event_id, instance_id, slug, user_id)
     JOIN delivery_endpoints e ON ${endpointTakes("x.instance_id", "x.slug", "x.user_id")}
     ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
    [
      stored.map((item) => item.id),
      stored.map((item) => item.instance.id),
      stored.map((item) => item.instance.slug),
      stored.map((item) => item.instance.user_id),
    ],
  );
  return items.map((item, index) => {
    const row = byId.get(ids[index]!);
    if (!row) return undefined;
    const { instance } = item;
    return {
      id: row.id,
      triggerId: instance.id,
      slug: instance.slug,
      toolkit: instance.connector,
      userId: instance.user_id,
      connectedAccountId: instance.connected_account_id,
      eventId: row.event_id,
      deliveryId: row.delivery_id ?? undefined,
      payload: row.payload,
      occurredAt: row.occurred_at ?? undefined,
      receivedAt: row.received_at,
    };
  });
}

/** Stores one instance's events (see `insertEventBatch`); returns those stored now. */
export async function insertEvents(
  transaction: Queryable,
  instance: TriggerInstanceRow,
  events: readonly TriggerEvent[],
  deliveryId: string | undefined,
): Promise<RuntimeEvent[]> {
  const stored = await insertEventBatch(
    transaction,
    events.map((event) => ({ instance, event, deliveryId })),
  );
  return stored.filter((event): event is RuntimeEvent => event !== undefined);
}

/** Whether a delivery id was already recorded under the scope. */
export async function deliverySeen(
  queryable: Queryable,
  scope: string,
  deliveryId: string,
): Promise<boolean> {
  const rows = await queryable.query(
    "SELECT 1 FROM webhook_deliveries WHERE scope = $1 AND delivery_id = $2",
    [scope, deliveryId],
  );
  return rows.length > 0;
}
