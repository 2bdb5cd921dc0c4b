import type { TriggerEvent } from "@triggo/connector-sdk";
import { createBatchQueue } from "./batch-queue";
import type { Database, Queryable } from "./database";
import type { RuntimeEvent } from "./event-bus";
import { insertEventBatch } from "./event-rows";
import type { TriggerInstanceRow } from "./trigger-instance-rows";
import type { StagedStore } from "./trigger-state-store";

/** What one instance made of a delivery, waiting to be committed. */
export interface Outcome {
  row: TriggerInstanceRow;
  store: StagedStore;
  events: readonly TriggerEvent[];
}

/** One delivery to commit: its scope and provider id (to drop retries) and what it produced. */
export interface PendingCommit {
  scope: string;
  deliveryId: string | undefined;
  outcomes: readonly Outcome[];
}

/** The events a delivery stored, or undefined when it was a retry of one already committed. */
export type CommitResult = RuntimeEvent[] | undefined;

/** The most deliveries one transaction commits. */
const MAX_BATCH = 200;

/**
 * Commits several deliveries in one transaction, with one statement per table whatever their
 * number: the delivery ids (a retry, or a second copy in the same batch, finds its id taken and
 * stores nothing), the state changes, the new events (an event id the instance already has is
 * skipped) and, for each new event, a pending delivery per matching endpoint.
 */
export async function commitDeliveries(
  transaction: Queryable,
  commits: readonly PendingCommit[],
): Promise<CommitResult[]> {
  const keyOf = (scope: string, deliveryId: string) => `${scope}\u0000${deliveryId}`;
  const identified = commits.filter((commit) => commit.deliveryId !== undefined);
  const fresh = new Set<string>();
  if (identified.length > 0) {
    const recorded = await transaction.query<{ scope: string; delivery_id: string }>(
      `INSERT INTO webhook_deliveries (scope, delivery_id)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (scope, delivery_id) DO NOTHING
       RETURNING scope, delivery_id`,
      [identified.map((commit) => commit.scope), identified.map((commit) => commit.deliveryId)],
    );
    for (const row of recorded) fresh.add(keyOf(row.scope, row.delivery_id));
  }
  // The first commit of a recorded id takes it; any other with the same id is a duplicate.
  const accepted = commits.map(
    (commit) =>
      commit.deliveryId === undefined || fresh.delete(keyOf(commit.scope, commit.deliveryId)),
  );

  const pending: { commit: number; outcome: Outcome; event: TriggerEvent }[] = [];
  for (const [index, commit] of commits.entries()) {
    if (!accepted[index]) continue;
    for (const outcome of commit.outcomes) {
      await outcome.store.flush(transaction, outcome.row.id);
      for (const event of outcome.events) pending.push({ commit: index, outcome, event });
    }
  }

  const results: CommitResult[] = commits.map((_, index) => (accepted[index] ? [] : undefined));
  const stored = await insertEventBatch(
    transaction,
    pending.map((item) => ({
      instance: item.outcome.row,
      event: item.event,
      deliveryId: commits[item.commit]!.deliveryId,
    })),
  );
  for (const [index, event] of stored.entries()) {
    if (event) results[pending[index]!.commit]!.push(event);
  }
  return results;
}

/**
 * Group commit: the deliveries that finish together are committed in one transaction (see
 * `createBatchQueue`), which is what lets one process take thousands of deliveries a second.
 */
export function createCommitQueue(
  database: Database,
): (commit: PendingCommit) => Promise<CommitResult> {
  return createBatchQueue(
    (commits: readonly PendingCommit[]) =>
      database.transaction((transaction) => commitDeliveries(transaction, commits)),
    MAX_BATCH,
  );
}
