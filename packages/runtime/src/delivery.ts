import { randomBytes } from "node:crypto";
import { signStandardWebhook } from "@triggo/shared";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  holdsDeliveryLease,
  recordAttempt,
} from "./delivery-rows";
import type { SubscribeFilters } from "./event-bus";
import { withJitter } from "./poller";
import { createRoundLoop } from "./round-loop";
import type { Runtime } from "./runtime";
import type { RuntimeContext } from "./runtime-context";
import { RUNTIME_INTERNALS } from "./runtime-internals";
import { invalidField, parseHttpUrl } from "./runtime-validation";

/** What `createEndpoint` takes. */
export interface DeliveryEndpointInput {
  /** Where events are POSTed, an absolute http(s) URL. */
  url: string;
  /** `whsec_<base64>`; generated (and returned once) when absent. */
  secret?: string;
  /** Which events go to this endpoint; absent lists match everything. */
  filters?: SubscribeFilters;
}

/** An endpoint as listed (never with its secret). */
export interface DeliveryEndpoint {
  endpointId: string;
  url: string;
  filters: SubscribeFilters;
  createdAt: Date;
}

/** One attempt of one delivery. */
export interface DeliveryAttempt {
  deliveryId: string;
  endpointId: string;
  /** The runtime's id of the stored event (`ev_...`), or of the lifecycle event (`le_...`). */
  eventId: string;
  /** The delivery's status now. */
  status: "pending" | "delivered" | "failed";
  attempt: number;
  statusCode: number | undefined;
  error: string | undefined;
  durationMs: number;
  at: Date;
}

/** Outbound delivery of stored events to the application's webhook endpoints. */
export interface Deliveries {
  createEndpoint(input: DeliveryEndpointInput): Promise<{ endpointId: string; secret: string }>;
  listEndpoints(): Promise<DeliveryEndpoint[]>;
  /** Deletes the endpoint with its deliveries and their log: nothing more is sent to it. */
  deleteEndpoint(id: string): Promise<{ endpointId: string; deleted: boolean }>;
  /**
   * The delivery log, oldest first. `eventId` is the runtime's id (`ev_...`) or the trigger's id
   * of the event (a commit SHA); `deliveryId` is the `webhook-id` the application received.
   */
  listAttempts(filter?: { eventId?: string; deliveryId?: string }): Promise<DeliveryAttempt[]>;
}

interface EndpointRow {
  id: string;
  url: string;
  trigger_ids: string[] | null;
  slugs: string[] | null;
  user_ids: string[] | null;
  created_at: Date;
}

function checkUrl(url: string): string {
  const parsed = parseHttpUrl(url);
  if (parsed) return parsed.toString();
  throw invalidField(
    "url",
    `A delivery endpoint needs an absolute http(s) URL; got ${JSON.stringify(url)}.`,
  );
}

function checkSecret(secret: string): string {
  const encoded = secret.startsWith("whsec_") ? secret.slice(6) : "";
  if (encoded.length < 4 || encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw invalidField("secret", 'A delivery endpoint secret is "whsec_" followed by base64.');
  }
  return secret;
}

const list = (values: readonly string[] | undefined, upper = false) =>
  values === undefined ? null : values.map((value) => (upper ? value.toUpperCase() : value));

/** The endpoint API over the runtime's database; `createRuntime` wires it as `runtime.deliveries`. */
export function createDeliveries(context: RuntimeContext): Deliveries {
  const { database, encryption } = context;
  return {
    async createEndpoint(input) {
      const url = checkUrl(input.url);
      const secret =
        input.secret === undefined
          ? `whsec_${randomBytes(24).toString("base64")}`
          : checkSecret(input.secret);
      const endpointId = `we_${randomBytes(10).toString("hex")}`;
      const filters = input.filters ?? {};
      await database.query(
        `INSERT INTO delivery_endpoints (id, url, secret, trigger_ids, slugs, user_ids)
         VALUES ($1, $2, $3, $4::text[], $5::text[], $6::text[])`,
        [
          endpointId,
          url,
          encryption.seal(secret, endpointId),
          list(filters.triggerIds),
          list(filters.slugs, true),
          list(filters.userIds),
        ],
      );
      return { endpointId, secret };
    },
    async listEndpoints() {
      const rows = await database.query<EndpointRow>(
        "SELECT id, url, trigger_ids, slugs, user_ids, created_at FROM delivery_endpoints ORDER BY created_at, id",
      );
      return rows.map((row) => ({
        endpointId: row.id,
        url: row.url,
        filters: {
          ...(row.trigger_ids ? { triggerIds: row.trigger_ids } : {}),
          ...(row.slugs ? { slugs: row.slugs } : {}),
          ...(row.user_ids ? { userIds: row.user_ids } : {}),
        },
        createdAt: row.created_at,
      }));
    },
    async deleteEndpoint(id) {
      const rows = await database.query(
        "DELETE FROM delivery_endpoints WHERE id = $1 RETURNING id",
        [id],
      );
      return { endpointId: id, deleted: rows.length > 0 };
    },
    async listAttempts(filter = {}) {
      const rows = await database.query<{
        delivery_id: string;
        endpoint_id: string;
        event_id: string;
        status: DeliveryAttempt["status"];
        attempt: number;
        status_code: number | null;
        error: string | null;
        duration_ms: number;
        attempted_at: Date;
      }>(
        `SELECT a.delivery_id, d.endpoint_id, COALESCE(d.event_id, d.lifecycle_event_id) AS event_id,
           d.status, a.attempt, a.status_code,
           a.error, a.duration_ms, a.attempted_at
         FROM delivery_attempts a
         JOIN deliveries d ON d.id = a.delivery_id
         LEFT JOIN events ev ON ev.id = d.event_id
         WHERE ($1::text IS NULL OR ev.id = $1 OR ev.event_id = $1 OR d.lifecycle_event_id = $1)
           AND ($2::text IS NULL OR d.id = $2)
         ORDER BY a.id`,
        [filter.eventId ?? null, filter.deliveryId ?? null],
      );
      return rows.map((row) => ({
        deliveryId: row.delivery_id,
        endpointId: row.endpoint_id,
        eventId: row.event_id,
        status: row.status,
        attempt: row.attempt,
        statusCode: row.status_code ?? undefined,
        error: row.error ?? undefined,
        durationMs: row.duration_ms,
        at: row.attempted_at,
      }));
    },
  };
}

export interface DeliveryWorkerOptions {
  /** The most deliveries one round claims (and sends at once). Default 10. */
  batchSize?: number;
  /** Attempts before a delivery is `failed`. Default 8. */
  maxAttempts?: number;
  /** How often `start()` looks for due deliveries. Default 1000 ms. */
  intervalMs?: number;
  /** How long a claim hides a delivery from other workers. Default 60 s; keep it over `timeoutMs`. */
  leaseMs?: number;
  /** A request still unanswered after this is aborted (and is a failed attempt). Default 10 s. */
  timeoutMs?: number;
  /** The first retry's wait, doubled each attempt. Default 5 s. */
  baseBackoffMs?: number;
  /** The longest wait between attempts. Default 1 hour. */
  maxBackoffMs?: number;
  /** Epoch milliseconds; default `Date.now`. */
  clock?: () => number;
  /** In [0, 1); default `Math.random`. Spreads retry times by ±10%. */
  random?: () => number;
  /** Default the global fetch. */
  fetch?: typeof fetch;
}

/** What one round did. */
export interface DeliveryRoundResult {
  delivered: number;
  /** Attempts that failed and will be retried. */
  retrying: number;
  /** Deliveries that reached `maxAttempts`. */
  failed: number;
  /** Outcomes dropped: the commit failed or the lease was lost (the delivery is sent again). */
  dropped: number;
}

export interface DeliveryWorker {
  start(): void;
  stop(): Promise<void>;
  runOnce(): Promise<DeliveryRoundResult>;
}

export const DEFAULT_DELIVERY_OPTIONS = {
  batchSize: 10,
  maxAttempts: 8,
  intervalMs: 1000,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  baseBackoffMs: 5000,
  maxBackoffMs: 60 * 60 * 1000,
} as const;

/** The wait after the `attempt`-th failed attempt: base × 2^(attempt-1), capped. */
export function deliveryBackoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30), maxMs);
}

class LeaseLost extends Error {}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}

/**
 * Sends the pending deliveries to the application: claims due ones (`FOR UPDATE SKIP LOCKED`
 * with a lease), POSTs each signed with Standard Webhooks headers (`webhook-id` is the delivery
 * id, the same on every retry), then logs the attempt and moves the delivery on in one
 * transaction. At least once: a crash between the send and the commit sends it again once the
 * lease runs out; the application dedupes by `webhook-id`.
 */
export function createDeliveryWorker(
  runtime: Runtime,
  options: DeliveryWorkerOptions = {},
): DeliveryWorker {
  const internals = runtime[RUNTIME_INTERNALS];
  if (!internals) {
    throw new TypeError(
      "createDeliveryWorker needs a runtime made by createRuntime in this process.",
    );
  }
  const { database, encryption } = internals.context;
  const logger = internals.context.logger.child({ component: "triggo-delivery" });
  const settings = {
    ...DEFAULT_DELIVERY_OPTIONS,
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
  } as typeof DEFAULT_DELIVERY_OPTIONS;
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  type Outcome = keyof DeliveryRoundResult;

  const deliverOne = async (claimed: ClaimedDelivery): Promise<Outcome> => {
    const { row } = claimed;
    const attempt = row.attempts + 1;
    const body = JSON.stringify(
      row.lifecycle_payload
        ? { ...row.lifecycle_payload, lifecycleEventId: row.lifecycle_event_id }
        : {
            type: "trigger.event",
            triggerId: row.trigger_id,
            slug: row.slug,
            userId: row.user_id,
            eventId: row.trigger_event_id,
            occurredAt: row.occurred_at ? new Date(row.occurred_at).toISOString() : null,
            payload: row.payload,
          },
    );
    const startedAt = clock();
    const started = performance.now();
    let statusCode: number | undefined;
    let error: string | undefined;
    try {
      const secret = encryption.open<string>(row.secret, row.endpoint_id);
      const headers = signStandardWebhook({
        secret,
        body,
        id: row.id,
        timestamp: Math.floor(startedAt / 1000),
      });
      const response = await send(row.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "triggo", ...headers },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      statusCode = response.status;
      // Read (and drop) the answer so the connection is released; the timeout covers it too.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (sendError) {
      error = messageOf(sendError);
    }
    const durationMs = performance.now() - started;
    const at = new Date(startedAt);
    const outcome: Outcome =
      error === undefined ? "delivered" : attempt >= settings.maxAttempts ? "failed" : "retrying";
    try {
      await database.transaction(async (transaction) => {
        if (!(await holdsDeliveryLease(transaction, claimed))) throw new LeaseLost();
        await recordAttempt(
          transaction,
          row.id,
          { attempt, statusCode, error, durationMs, at },
          outcome === "retrying"
            ? {
                status: "pending",
                nextAttemptAt: new Date(
                  clock() +
                    withJitter(
                      deliveryBackoffMs(attempt, settings.baseBackoffMs, settings.maxBackoffMs),
                      random,
                    ),
                ),
              }
            : { status: outcome },
        );
      });
    } catch (commitError) {
      logger[commitError instanceof LeaseLost ? "warn" : "error"](
        "Dropped a delivery attempt's outcome; the delivery is sent again when its lease runs out.",
        { deliveryId: row.id, error: messageOf(commitError) },
      );
      return "dropped";
    }
    if (outcome !== "delivered") {
      logger.warn(
        outcome === "failed" ? "A delivery failed for good." : "A delivery attempt failed.",
        {
          deliveryId: row.id,
          endpointId: row.endpoint_id,
          attempt,
          statusCode,
          error,
        },
      );
    }
    return outcome;
  };

  const round = async (): Promise<DeliveryRoundResult & { claimed: number }> => {
    const now = clock();
    const claimed = await database.transaction((transaction) =>
      claimDueDeliveries(
        transaction,
        new Date(now),
        new Date(now + settings.leaseMs),
        settings.batchSize,
      ),
    );
    const result = { delivered: 0, retrying: 0, failed: 0, dropped: 0, claimed: claimed.length };
    for (const outcome of await Promise.all(claimed.map(deliverOne))) result[outcome] += 1;
    return result;
  };

  const roundLoop = createRoundLoop({
    round: round,
    batchSize: settings.batchSize,
    intervalMs: settings.intervalMs,
    logger,
    name: "delivery",
  });

  return {
    start: roundLoop.start,
    stop: roundLoop.stop,
    async runOnce() {
      const { claimed: _claimed, ...result } = await round();
      return result;
    },
  };
}
