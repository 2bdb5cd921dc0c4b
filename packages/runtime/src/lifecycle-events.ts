import type { Queryable } from "./database";
import { endpointTakes } from "./delivery-rows";
import type { LifecycleEvent } from "./event-bus";
import { createId, ID_PREFIXES } from "./runtime-ids";

/** A lifecycle event as stored and delivered: its id and its type's fields. */
export type StoredLifecycleEvent = LifecycleEvent & { id: string };

/**
 * Stores a lifecycle event and queues its outbound deliveries, in the caller's transaction (the
 * one that disabled the instance or expired the account), so that either both happen or neither.
 * Endpoints filtered by trigger or slug get only the trigger events that match; user filters
 * apply to both kinds. Publish it to in-process subscribers after the commit.
 */
export async function storeLifecycleEvent(
  transaction: Queryable,
  event: LifecycleEvent,
): Promise<StoredLifecycleEvent> {
  const id = createId(ID_PREFIXES.lifecycleEvent);
  const triggerId = event.type === "trigger.disabled" ? event.triggerId : null;
  const slug = event.type === "trigger.disabled" ? event.slug : null;
  await transaction.query(
    `INSERT INTO lifecycle_events
       (id, type, user_id, connector, trigger_id, slug, connected_account_id, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
    [
      id,
      event.type,
      event.userId,
      event.toolkit,
      triggerId,
      slug,
      event.connectedAccountId,
      JSON.stringify(event),
      event.at,
    ],
  );
  await transaction.query(
    `INSERT INTO deliveries (id, endpoint_id, lifecycle_event_id)
     SELECT 'dl_' || replace(gen_random_uuid()::text, '-', ''), e.id, $1
     FROM delivery_endpoints e
     WHERE ${endpointTakes("$2::text", "$3::text", "$4::text")}`,
    [id, triggerId, slug, event.userId],
  );
  return { ...event, id };
}
