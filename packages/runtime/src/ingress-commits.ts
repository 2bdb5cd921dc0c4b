import type { TriggerEvent } from "@triggo/connector-sdk";
import type { Database, Queryable } from "./database";
import type { RuntimeEvent } from "./event-bus";
import { createId, ID_PREFIXES } from "./runtime-ids";
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

function parseTime(value: string | undefined): string | null {
  if (value === undefined) return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

interface InsertedEventRow {
  id: string;
  event_id: string;
  delivery_id: string | null;
  payload: unknown;
  occurred_at: Date | null;
  received_at: Date;
}

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

  const pending: { commit: number; outcome: Outcome; event: TriggerEvent; id: string }[] = [];
  for (const [index, commit] of commits.entries()) {
    if (!accepted[index]) continue;
    for (const outcome of commit.outcomes) {
      await outcome.store.flush(transaction, outcome.row.id);
      for (const event of outcome.events) {
        pending.push({ commit: index, outcome, event, id: createId(ID_PREFIXES.event) });
      }
    }
  }

  const results: CommitResult[] = commits.map((_, index) => (accepted[index] ? [] : undefined));
  if (pending.length === 0) return results;
  const inserted = await transaction.query<InsertedEventRow>(
    `INSERT INTO events (id, instance_id, event_id, delivery_id, payload, occurred_at)
     SELECT x.id, x.instance_id, x.event_id, x.delivery_id, x.payload::jsonb, x.occurred_at::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       AS x(id, instance_id, event_id, delivery_id, payload, occurred_at)
     ON CONFLICT (instance_id, event_id) DO NOTHING
     RETURNING id, event_id, delivery_id, payload, occurred_at, received_at`,
    [
      pending.map((item) => item.id),
      pending.map((item) => item.outcome.row.id),
      pending.map((item) => item.event.id),
      pending.map((item) => commits[item.commit]!.deliveryId ?? null),
      pending.map((item) => JSON.stringify(item.event.payload ?? null)),
      pending.map((item) => parseTime(item.event.occurredAt)),
    ],
  );
  if (inserted.length === 0) return results;
  const byId = new Map(inserted.map((row) => [row.id, row]));
  const stored = pending.filter((item) => byId.has(item.id));
  // In the same transaction: an acknowledged event always has its outbound deliveries.
  await transaction.query(
    `INSERT INTO deliveries (id, endpoint_id, event_id)
     SELECT 'dl_' || replace(gen_random_uuid()::text, '-', ''), e.id, x.event_id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       AS x(event_id, instance_id, slug, user_id)
     JOIN delivery_endpoints e
       ON (e.trigger_ids IS NULL OR x.instance_id = ANY(e.trigger_ids))
      AND (e.slugs IS NULL OR x.slug = ANY(e.slugs))
      AND (e.user_ids IS NULL OR x.user_id = ANY(e.user_ids))
     ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
    [
      stored.map((item) => item.id),
      stored.map((item) => item.outcome.row.id),
      stored.map((item) => item.outcome.row.slug),
      stored.map((item) => item.outcome.row.user_id),
    ],
  );
  for (const item of stored) {
    const row = byId.get(item.id)!;
    const instance = item.outcome.row;
    results[item.commit]!.push({
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
  return results;
}

/**
 * Group commit: deliveries that finish while a commit is under way wait for it and are then
 * committed together, in one transaction. A commit starts after one turn of the event loop, so
 * that the requests already received join it (PGlite answers without yielding to I/O, so without
 * that turn every batch would hold one delivery); alone, a delivery waits for nothing more. Under
 * load one transaction carries many, which is what lets one process take thousands of
 * deliveries a second. A batch that fails is committed again one delivery at a time, so one bad
 * delivery (its instance deleted meanwhile) fails alone.
 */
export function createCommitQueue(
  database: Database,
): (commit: PendingCommit) => Promise<CommitResult> {
  const queue: {
    commit: PendingCommit;
    resolve: (result: CommitResult) => void;
    reject: (error: unknown) => void;
  }[] = [];
  let draining = false;

  const run = (commits: readonly PendingCommit[]) =>
    database.transaction((transaction) => commitDeliveries(transaction, commits));

  const drain = async () => {
    draining = true;
    // One turn of the event loop first: the requests already received get this far too, and join.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const results = await run(batch.map((entry) => entry.commit));
        for (const [index, entry] of batch.entries()) entry.resolve(results[index]);
      } catch (batchError) {
        if (batch.length === 1) {
          batch[0]!.reject(batchError);
          continue;
        }
        for (const entry of batch) {
          try {
            entry.resolve((await run([entry.commit]))[0]);
          } catch (error) {
            entry.reject(error);
          }
        }
      }
    }
    draining = false;
  };

  return (commit) =>
    new Promise<CommitResult>((resolve, reject) => {
      queue.push({ commit, resolve, reject });
      if (!draining) void drain();
    });
}
