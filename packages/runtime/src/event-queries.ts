import type { Queryable } from "./database";
import type { RuntimeEvent } from "./event-bus";
import { invalidField } from "./runtime-validation";

/** Which stored events to list; every filter given must match. */
export interface EventListFilters {
  triggerId?: string;
  userId?: string;
  slug?: string;
  /** At most this many, newest first. Default 50, at most 500. */
  limit?: number;
}

export const DEFAULT_EVENT_LIMIT = 50;
export const MAX_EVENT_LIMIT = 500;

interface ListedEventRow {
  id: string;
  instance_id: string;
  slug: string;
  connector: string;
  user_id: string;
  connected_account_id: string;
  event_id: string;
  delivery_id: string | null;
  payload: unknown;
  occurred_at: Date | null;
  received_at: Date;
}

/** The latest stored events, newest first. */
export async function listEvents(
  queryable: Queryable,
  filters: EventListFilters = {},
): Promise<RuntimeEvent[]> {
  const limit = filters.limit ?? DEFAULT_EVENT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_LIMIT) {
    throw invalidField(
      "limit",
      `limit must be a whole number from 1 to ${MAX_EVENT_LIMIT}; got ${JSON.stringify(filters.limit)}.`,
      `limit must be 1 to ${MAX_EVENT_LIMIT}`,
    );
  }
  const rows = await queryable.query<ListedEventRow>(
    `SELECT e.id, e.instance_id, i.slug, i.connector, i.user_id, i.connected_account_id,
            e.event_id, e.delivery_id, e.payload, e.occurred_at, e.received_at
     FROM events e JOIN trigger_instances i ON i.id = e.instance_id
     WHERE ($1::text IS NULL OR e.instance_id = $1)
       AND ($2::text IS NULL OR i.user_id = $2)
       AND ($3::text IS NULL OR i.slug = upper($3))
     ORDER BY e.position DESC
     LIMIT $4`,
    [filters.triggerId ?? null, filters.userId ?? null, filters.slug ?? null, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    triggerId: row.instance_id,
    slug: row.slug,
    toolkit: row.connector,
    userId: row.user_id,
    connectedAccountId: row.connected_account_id,
    eventId: row.event_id,
    deliveryId: row.delivery_id ?? undefined,
    payload: row.payload,
    occurredAt: row.occurred_at ?? undefined,
    receivedAt: row.received_at,
  }));
}
