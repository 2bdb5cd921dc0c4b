import type { Queryable } from "./database";

/**
 * A delivery claimed by a worker, with what it sends: a stored event (migration 3), or a
 * lifecycle event (migration 4; then the event's columns are null).
 */
export interface ClaimedDeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string | null;
  attempts: number;
  url: string;
  secret: string;
  trigger_id: string | null;
  slug: string | null;
  user_id: string | null;
  trigger_event_id: string | null;
  occurred_at: Date | null;
  payload: unknown;
  lifecycle_event_id: string | null;
  /** The lifecycle event as stored: `{ type, ..., at }`. */
  lifecycle_payload: Record<string, unknown> | null;
}

/** A claimed delivery and its lease (the `next_attempt_at` the claim wrote). */
export interface ClaimedDelivery {
  row: ClaimedDeliveryRow;
  lease: Date;
}

/**
 * The SQL condition under which endpoint `e` takes what a trigger instance, a trigger type and a
 * user produced (the three SQL expressions given): each filter absent, or containing the value.
 * Both deliveries of events and of lifecycle events are queued by it, in the transaction that
 * stores them.
 */
export function endpointTakes(instanceId: string, slug: string, userId: string): string {
  return `(e.trigger_ids IS NULL OR ${instanceId} = ANY(e.trigger_ids))
       AND (e.slugs IS NULL OR ${slug} = ANY(e.slugs))
       AND (e.user_ids IS NULL OR ${userId} = ANY(e.user_ids))`;
}

/**
 * Claims up to `limit` pending deliveries due at `now`, oldest due first, and pushes their
 * `next_attempt_at` to `lease` in the same transaction. Rows another transaction holds are
 * skipped (SKIP LOCKED); once committed, the lease hides them from other workers until it runs
 * out (a worker that died mid-send), after which they are sent again (at least once).
 */
export async function claimDueDeliveries(
  transaction: Queryable,
  now: Date,
  lease: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const due = await transaction.query<ClaimedDeliveryRow>(
    `SELECT d.id, d.endpoint_id, d.event_id, d.attempts, e.url, e.secret,
       ev.instance_id AS trigger_id, ti.slug, ti.user_id, ev.event_id AS trigger_event_id,
       ev.occurred_at, ev.payload, d.lifecycle_event_id, le.payload AS lifecycle_payload
     FROM deliveries d
     JOIN delivery_endpoints e ON e.id = d.endpoint_id
     LEFT JOIN events ev ON ev.id = d.event_id
     LEFT JOIN trigger_instances ti ON ti.id = ev.instance_id
     LEFT JOIN lifecycle_events le ON le.id = d.lifecycle_event_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= $1
     ORDER BY d.next_attempt_at
     LIMIT $2
     FOR UPDATE OF d SKIP LOCKED`,
    [now, limit],
  );
  if (due.length === 0) return [];
  await transaction.query("UPDATE deliveries SET next_attempt_at = $2 WHERE id = ANY($1::text[])", [
    due.map((row) => row.id),
    lease,
  ]);
  return due.map((row) => ({ row, lease }));
}

/**
 * Locks the claimed delivery if this worker still holds its lease: still pending, with the
 * `next_attempt_at` the claim wrote. False when the lease ran out and another worker took it, or
 * the delivery (its endpoint) was deleted meanwhile.
 */
export async function holdsDeliveryLease(
  transaction: Queryable,
  claimed: ClaimedDelivery,
): Promise<boolean> {
  const rows = await transaction.query(
    `SELECT 1 FROM deliveries WHERE id = $1 AND status = 'pending' AND next_attempt_at = $2
     FOR UPDATE`,
    [claimed.row.id, claimed.lease],
  );
  return rows.length > 0;
}

/** One attempt's outcome, as logged. */
export interface AttemptRecord {
  attempt: number;
  statusCode: number | undefined;
  error: string | undefined;
  durationMs: number;
  at: Date;
}

/** Logs an attempt and moves the delivery on: delivered, pending until `nextAttemptAt`, or failed. */
export async function recordAttempt(
  transaction: Queryable,
  deliveryId: string,
  attempt: AttemptRecord,
  outcome:
    | { status: "delivered" }
    | { status: "failed" }
    | { status: "pending"; nextAttemptAt: Date },
): Promise<void> {
  await transaction.query(
    `INSERT INTO delivery_attempts (delivery_id, attempt, status_code, error, duration_ms, attempted_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      deliveryId,
      attempt.attempt,
      attempt.statusCode ?? null,
      attempt.error ?? null,
      Math.max(0, Math.round(attempt.durationMs)),
      attempt.at,
    ],
  );
  await transaction.query(
    `UPDATE deliveries SET status = $2, attempts = $3, last_error = $4,
       next_attempt_at = COALESCE($5, next_attempt_at),
       delivered_at = CASE WHEN $2 = 'delivered' THEN $6::timestamptz ELSE delivered_at END
     WHERE id = $1`,
    [
      deliveryId,
      outcome.status,
      attempt.attempt,
      attempt.error ?? null,
      outcome.status === "pending" ? outcome.nextAttemptAt : null,
      attempt.at,
    ],
  );
}
