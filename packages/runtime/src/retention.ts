import { ConnectorError, createLogger, type Logger } from "@triggo/shared";
import type { Database } from "./database";
import { createRoundLoop, type RoundLoop } from "./round-loop";
import type { Runtime } from "./runtime";

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long the runtime keeps what it no longer needs. */
export interface RetentionOptions {
  /**
   * Stored events (with their delivery log) older than this are deleted, once none of their
   * outbound deliveries is still pending. Default 30 days.
   */
  eventsMs: number;
  /**
   * Provider delivery ids kept to drop retries. Longer than any provider retries for: Stripe
   * retries for up to 3 days, GitHub does not retry on its own. Default 7 days.
   */
  deliveryIdsMs: number;
  /** Lifecycle events (with their delivery log), once delivered. Default 30 days. */
  lifecycleEventsMs: number;
  /** Rows deleted per statement, so that no statement holds its locks long. Default 1,000. */
  batchSize: number;
  /** How often the retention job runs. Default every hour. */
  intervalMs: number;
}

export const DEFAULT_RETENTION: Readonly<RetentionOptions> = {
  eventsMs: 30 * DAY_MS,
  deliveryIdsMs: 7 * DAY_MS,
  lifecycleEventsMs: 30 * DAY_MS,
  batchSize: 1_000,
  intervalMs: 60 * 60 * 1000,
};

/** What one pruning pass deleted. */
export interface PruneResult {
  events: number;
  deliveryIds: number;
  lifecycleEvents: number;
  connectionRequests: number;
}

function checkOptions(options: RetentionOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new ConnectorError(
        "CONFIGURATION",
        `Retention option ${name} must be a positive whole number of ${name === "batchSize" ? "rows" : "milliseconds"}; got ${String(value)}.`,
      );
    }
  }
}

/** Deletes up to `limit` rows the query selects by id; returns how many. */
async function deleteBatch(
  database: Database,
  table: string,
  where: string,
  params: unknown[],
  limit: number,
): Promise<number> {
  const rows = await database.query(
    `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${where} LIMIT ${limit}) RETURNING id`,
    params,
  );
  return rows.length;
}

/**
 * One pass: deletes what is older than its retention, in batches, until nothing is left to delete.
 * Events whose deliveries are still pending are kept whatever their age: nothing acknowledged is
 * dropped before the application had it.
 */
export async function pruneRuntimeData(
  database: Database,
  options: Partial<RetentionOptions> = {},
  now: Date = new Date(),
): Promise<PruneResult> {
  const settings = { ...DEFAULT_RETENTION, ...options };
  checkOptions(settings);
  const before = (ms: number) => new Date(now.getTime() - ms);
  const drain = async (run: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      const deleted = await run();
      total += deleted;
      if (deleted < settings.batchSize) return total;
    }
  };
  const events = await drain(() =>
    deleteBatch(
      database,
      "events",
      `received_at < $1 AND NOT EXISTS (
         SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.status = 'pending')`,
      [before(settings.eventsMs)],
      settings.batchSize,
    ),
  );
  const lifecycleEvents = await drain(() =>
    deleteBatch(
      database,
      "lifecycle_events",
      `created_at < $1 AND NOT EXISTS (
         SELECT 1 FROM deliveries d
         WHERE d.lifecycle_event_id = lifecycle_events.id AND d.status = 'pending')`,
      [before(settings.lifecycleEventsMs)],
      settings.batchSize,
    ),
  );
  const deliveryIds = await drain(async () => {
    const rows = await database.query(
      `DELETE FROM webhook_deliveries WHERE (scope, delivery_id) IN (
         SELECT scope, delivery_id FROM webhook_deliveries WHERE received_at < $1 LIMIT ${settings.batchSize})
       RETURNING delivery_id`,
      [before(settings.deliveryIdsMs)],
    );
    return rows.length;
  });
  const connectionRequests = await drain(() =>
    deleteBatch(database, "connection_requests", "expires_at < $1", [now], settings.batchSize),
  );
  return { events, deliveryIds, lifecycleEvents, connectionRequests };
}

export interface RetentionJob extends RoundLoop {
  /** One pass now. */
  runOnce(): Promise<PruneResult>;
}

/** Runs `pruneRuntimeData` every `intervalMs` (hourly by default) until stopped. */
export function createRetentionJob(
  runtime: Runtime,
  options: Partial<RetentionOptions> & { logger?: Logger } = {},
): RetentionJob {
  const { logger: given, ...retention } = options;
  const settings = { ...DEFAULT_RETENTION, ...retention };
  checkOptions(settings);
  const logger = (given ?? createLogger({ level: "warn" })).child({
    component: "triggo-retention",
  });
  const runOnce = async () => {
    const result = await pruneRuntimeData(runtime.database, settings);
    const deleted = Object.values(result).reduce((sum, count) => sum + count, 0);
    if (deleted > 0) logger.info("Deleted data past its retention.", { ...result });
    return result;
  };
  const loop = createRoundLoop({
    // Each pass drains what is due, so the next waits for the interval.
    round: async () => {
      await runOnce();
      return { claimed: 0 };
    },
    batchSize: 1,
    intervalMs: settings.intervalMs,
    logger,
    name: "retention",
  });
  return { ...loop, runOnce };
}
