import type { Store } from "@triggo/connector-sdk";
import type { Queryable } from "./database";

/**
 * An instance's SDK `Store` whose writes wait until `flush`: a trigger hook's state changes are
 * saved in the same transaction as what came of the hook (the instance row, the events), or not
 * at all when the hook fails.
 */
export interface StagedStore extends Store {
  /** Writes the waiting changes for the instance through the given transaction. */
  flush(transaction: Queryable, instanceId: string): Promise<void>;
}

const DELETED = Symbol("deleted");

/**
 * A staged store over the rows of `instanceId` in trigger_state (none yet for a new instance).
 * Reads see the waiting writes first.
 */
export function createStagedStore(database: Queryable, instanceId: string): StagedStore {
  const pending = new Map<string, unknown>();
  return {
    async get<T>(key: string) {
      if (pending.has(key)) {
        const value = pending.get(key);
        return value === DELETED ? undefined : (structuredClone(value) as T);
      }
      const rows = await database.query<{ value: T }>(
        "SELECT value FROM trigger_state WHERE instance_id = $1 AND key = $2",
        [instanceId, key],
      );
      return rows[0]?.value;
    },
    async put(key, value) {
      pending.set(key, value === undefined ? DELETED : structuredClone(value));
    },
    async delete(key) {
      pending.set(key, DELETED);
    },
    async flush(transaction, targetId) {
      for (const [key, value] of pending) {
        if (value === DELETED) {
          await transaction.query("DELETE FROM trigger_state WHERE instance_id = $1 AND key = $2", [
            targetId,
            key,
          ]);
        } else {
          await transaction.query(
            `INSERT INTO trigger_state (instance_id, key, value) VALUES ($1, $2, $3::jsonb)
             ON CONFLICT (instance_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
            [targetId, key, JSON.stringify(value)],
          );
        }
      }
      pending.clear();
    },
  };
}

/** Everything an instance keeps, as one object (tests, debugging; never returned by listings). */
export async function readTriggerState(
  database: Queryable,
  instanceId: string,
): Promise<Record<string, unknown>> {
  const rows = await database.query<{ key: string; value: unknown }>(
    "SELECT key, value FROM trigger_state WHERE instance_id = $1 ORDER BY key",
    [instanceId],
  );
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}
