import type { TriggerEvent } from "@triggo/connector-sdk";
import type { Queryable } from "./database";
import { insertDeliveries } from "./delivery-rows";
import type { RuntimeEvent } from "./event-bus";
import { createId, ID_PREFIXES } from "./runtime-ids";
import type { TriggerInstanceRow } from "./trigger-instance-rows";

interface EventRow {
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

/**
 * Stores a trigger's events for an instance; an event id the instance already has is skipped.
 * Each stored event gets a pending delivery per matching endpoint, in the same transaction.
 * Returns the events stored now, for the subscribers.
 */
export async function insertEvents(
  transaction: Queryable,
  instance: TriggerInstanceRow,
  events: readonly TriggerEvent[],
  deliveryId: string | undefined,
): Promise<RuntimeEvent[]> {
  const stored: RuntimeEvent[] = [];
  for (const event of events) {
    const [row] = await transaction.query<EventRow>(
      `INSERT INTO events (id, instance_id, event_id, delivery_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz)
       ON CONFLICT (instance_id, event_id) DO NOTHING
       RETURNING id, event_id, delivery_id, payload, occurred_at, received_at`,
      [
        createId(ID_PREFIXES.event),
        instance.id,
        event.id,
        deliveryId ?? null,
        JSON.stringify(event.payload ?? null),
        parseTime(event.occurredAt),
      ],
    );
    if (!row) continue;
    // In the same transaction: an acknowledged event always has its outbound deliveries.
    await insertDeliveries(transaction, instance, row.id);
    stored.push({
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
    });
  }
  return stored;
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
