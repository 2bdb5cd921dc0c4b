import type { Queryable } from "./database";
import type { TriggerInstanceRow } from "./trigger-instance-rows";

/** A trigger_instances row with the poller's columns (migration 2). */
export interface PollRow extends TriggerInstanceRow {
  poll_failures: number;
  poll_auth_failures: number;
  last_poll_error: string | null;
  last_poll_error_at: Date | null;
  last_polled_at: Date | null;
}

/** A claimed instance: its row as claimed, and the lease (the `next_poll_at` the claim wrote). */
export interface ClaimedInstance {
  row: PollRow;
  lease: Date;
}

/**
 * Claims up to `limit` enabled instances due at `now`, oldest due first, and pushes their
 * `next_poll_at` to `lease` in the same transaction. Rows another transaction holds are skipped
 * (SKIP LOCKED), and once committed the lease hides them from other pollers until it runs out
 * (a poller that died mid-poll), so two pollers never poll one instance at once.
 */
export async function claimDueInstances(
  transaction: Queryable,
  now: Date,
  lease: Date,
  limit: number,
): Promise<ClaimedInstance[]> {
  const due = await transaction.query<PollRow>(
    `SELECT * FROM trigger_instances
     WHERE status = 'enabled' AND next_poll_at IS NOT NULL AND next_poll_at <= $1
     ORDER BY next_poll_at
     LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  if (due.length === 0) return [];
  await transaction.query(
    "UPDATE trigger_instances SET next_poll_at = $2 WHERE id = ANY($1::text[])",
    [due.map((row) => row.id), lease],
  );
  return due.map((row) => ({ row, lease }));
}

/**
 * Locks the claimed row if this poller still holds its lease: still enabled, `next_poll_at` and
 * `updated_at` unchanged since the claim. False when the lease ran out and another poller took
 * the instance, or the instance was disabled, re-enabled, reconfigured or deleted meanwhile: the
 * poll's outcome is dropped.
 */
export async function holdsLease(transaction: Queryable, claimed: ClaimedInstance) {
  const rows = await transaction.query(
    `SELECT 1 FROM trigger_instances
     WHERE id = $1 AND status = 'enabled' AND next_poll_at = $2
       AND date_trunc('milliseconds', updated_at) = $3
     FOR UPDATE`,
    [claimed.row.id, claimed.lease, claimed.row.updated_at],
  );
  return rows.length > 0;
}

/** After a successful poll: the next due time, and the failure counters reset. */
export async function recordPollSuccess(
  transaction: Queryable,
  id: string,
  polledAt: Date,
  nextPollAt: Date,
): Promise<void> {
  await transaction.query(
    `UPDATE trigger_instances SET next_poll_at = $2, last_polled_at = $3, poll_failures = 0,
       poll_auth_failures = 0, last_poll_error = NULL, last_poll_error_at = NULL
     WHERE id = $1`,
    [id, nextPollAt, polledAt],
  );
}

/** After a failed poll: the counters, the error and when to try again. */
export async function recordPollFailure(
  transaction: Queryable,
  id: string,
  failure: {
    failures: number;
    authFailures: number;
    error: string;
    at: Date;
    nextPollAt: Date;
  },
): Promise<void> {
  await transaction.query(
    `UPDATE trigger_instances SET next_poll_at = $2, poll_failures = $3, poll_auth_failures = $4,
       last_poll_error = $5, last_poll_error_at = $6
     WHERE id = $1`,
    [id, failure.nextPollAt, failure.failures, failure.authFailures, failure.error, failure.at],
  );
}

/** Disables an instance the poller gave up on, keeping its state (a later enable re-records). */
export async function disablePolledInstance(
  transaction: Queryable,
  id: string,
  failure: { failures: number; authFailures: number; error: string; at: Date; reason: string },
): Promise<void> {
  await transaction.query(
    `UPDATE trigger_instances SET status = 'disabled', disabled_reason = $2, next_poll_at = NULL,
       poll_failures = $3, poll_auth_failures = $4, last_poll_error = $5, last_poll_error_at = $6,
       updated_at = now()
     WHERE id = $1`,
    [id, failure.reason, failure.failures, failure.authFailures, failure.error, failure.at],
  );
}
