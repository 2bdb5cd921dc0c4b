import { TRIGGER_TYPES } from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";
import { markAccountExpired } from "./connected-accounts";
import type { LifecycleListener, RuntimeEvent } from "./event-bus";
import { insertEvents } from "./event-rows";
import { type StoredLifecycleEvent, storeLifecycleEvent } from "./lifecycle-events";
import {
  type ClaimedInstance,
  claimDueInstances,
  disablePolledInstance,
  holdsLease,
  recordPollFailure,
  recordPollSuccess,
} from "./poller-rows";
import { createRoundLoop } from "./round-loop";
import type { Runtime } from "./runtime";
import { RUNTIME_INTERNALS, type RuntimeInternals } from "./runtime-internals";
import { hookTargetOf, triggerCallArgs, triggerClientOf } from "./trigger-hooks";
import { createStagedStore } from "./trigger-state-store";

export interface PollerOptions {
  /** How often `start()` looks for due instances. Default 1000 ms. */
  intervalMs?: number;
  /** The most instances one round claims (and polls at once). Default 10. */
  batchSize?: number;
  /** How long a claim hides an instance from other pollers. Default 5 minutes. */
  leaseMs?: number;
  /** A poll still running after this is aborted (and counts as a failure). Default 2 minutes; keep it under `leaseMs`. */
  pollTimeoutMs?: number;
  /** Consecutive AUTH_INVALID / AUTH_EXPIRED failures that disable an instance. Default 3. */
  authFailureLimit?: number;
  /** The longest wait after repeated failures. Default 6 hours. */
  maxBackoffMs?: number;
  /** Epoch milliseconds; default `Date.now`. Decides what is due and when it is due next. */
  clock?: () => number;
  /** In [0, 1); default `Math.random`. Spreads next poll times by ±10%. */
  random?: () => number;
}

/** What one round did. */
export interface PollRoundResult {
  /** Instances polled and committed. */
  polled: number;
  /** Events stored (new ones only). */
  events: number;
  /** Instances whose poll or commit failed (they back off, or were disabled). */
  failures: number;
}

export interface Poller {
  /** Runs rounds every `intervalMs` until `stop`; a round that claims a full batch runs again at once. */
  start(): void;
  /** Stops the loop and waits for the polls under way. */
  stop(): Promise<void>;
  /** One round: claims the due instances, polls them, commits. What tests drive. */
  runOnce(): Promise<PollRoundResult>;
}

export const DEFAULT_POLLER_OPTIONS = {
  intervalMs: 1000,
  batchSize: 10,
  leaseMs: 5 * 60 * 1000,
  pollTimeoutMs: 2 * 60 * 1000,
  authFailureLimit: 3,
  maxBackoffMs: 6 * 60 * 60 * 1000,
} as const;

/** The share of an interval or backoff that next poll times are spread by, either way. */
export const POLL_JITTER = 0.1;

const AUTH_CODES = new Set(["AUTH_INVALID", "AUTH_EXPIRED"]);

function internalsOf(runtime: Runtime | RuntimeInternals): RuntimeInternals {
  if ("bus" in runtime && "context" in runtime) return runtime;
  const internals = (runtime as Runtime)[RUNTIME_INTERNALS];
  if (!internals) {
    throw new TypeError("createPoller needs a runtime made by createRuntime in this process.");
  }
  return internals;
}

/** `ms` spread by ±10% with `random` in [0, 1). */
export function withJitter(ms: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 + (random() * 2 - 1) * POLL_JITTER)));
}

/** The wait after `failures` consecutive failures: the interval doubled each time, capped. */
export function backoffMs(intervalMs: number, failures: number, maxBackoffMs: number): number {
  return Math.min(intervalMs * 2 ** Math.min(failures, 30), Math.max(maxBackoffMs, intervalMs));
}

function codeOf(error: unknown): string {
  return ConnectorError.is(error) ? error.code : "UNKNOWN";
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${codeOf(error)}: ${message}`.slice(0, 2000);
}

/** Thrown inside a commit when the lease was lost: the outcome is dropped, nothing recorded. */
class LeaseLost extends Error {}

/**
 * The polling scheduler: polls each enabled polling instance every `intervalSeconds` of its
 * trigger (±10%). A round claims due instances (`FOR UPDATE SKIP LOCKED`, pushing `next_poll_at`
 * forward as a lease), polls them outside the lock, then commits each instance's state changes,
 * new events and next due time in one transaction; subscribers get the events after the commit.
 * Several processes can run pollers on one Postgres database.
 *
 * ```ts
 * const poller = createPoller(runtime);
 * poller.start();
 * // on shutdown
 * await poller.stop();
 * ```
 */
export function createPoller(
  runtime: Runtime | RuntimeInternals,
  options: PollerOptions = {},
): Poller {
  const internals = internalsOf(runtime);
  const { context, accounts, clients, bus } = internals;
  const { database, registry } = context;
  const logger = context.logger.child({ component: "triggo-poller" });
  const settings = { ...DEFAULT_POLLER_OPTIONS, ...definedOnly(options) };
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;

  const failed = async (claimed: ClaimedInstance, error: unknown, intervalMs: number) => {
    const { row } = claimed;
    const code = codeOf(error);
    const isAuth = AUTH_CODES.has(code);
    const failures = row.poll_failures + 1;
    const authFailures = isAuth ? row.poll_auth_failures + 1 : row.poll_auth_failures;
    const at = new Date(clock());
    const message = messageOf(error);
    const disable = isAuth && authFailures >= settings.authFailureLimit;
    const reason = `Polling failed ${authFailures} times in a row with ${code}: ${message}`;
    const lifecycle: StoredLifecycleEvent[] = [];
    const recorded = await database
      .transaction(async (transaction) => {
        lifecycle.length = 0;
        if (!(await holdsLease(transaction, claimed))) return false;
        if (disable) {
          await disablePolledInstance(transaction, row.id, {
            failures,
            authFailures,
            error: message,
            at,
            reason,
          });
          const who = {
            toolkit: row.connector,
            userId: row.user_id,
            connectedAccountId: row.connected_account_id,
            reason,
            code,
            at,
          };
          // Stored with the change, delivered like events, published after the commit.
          lifecycle.push(
            await storeLifecycleEvent(transaction, {
              type: "trigger.disabled",
              triggerId: row.id,
              slug: row.slug,
              ...who,
            }),
          );
          if (
            code === "AUTH_EXPIRED" &&
            (await markAccountExpired(transaction, row.connected_account_id, reason))
          ) {
            lifecycle.push(
              await storeLifecycleEvent(transaction, { type: "account.expired", ...who }),
            );
          }
        } else {
          // A provider's Retry-After (rate limits) is honoured when longer than the backoff.
          const retryAfter = ConnectorError.is(error) ? (error.retryAfterMs ?? 0) : 0;
          const wait = Math.max(
            backoffMs(intervalMs, failures, settings.maxBackoffMs),
            Math.min(retryAfter, settings.maxBackoffMs),
          );
          await recordPollFailure(transaction, row.id, {
            failures,
            authFailures,
            error: message,
            at,
            nextPollAt: new Date(at.getTime() + withJitter(wait, random)),
          });
        }
        return true;
      })
      .catch((recordError: unknown) => {
        // The lease runs out and the instance is polled again then.
        logger.error("Could not record a polling failure.", {
          triggerId: row.id,
          error: messageOf(recordError),
        });
        return false;
      });
    if (!recorded) return;
    logger.warn(disable ? "Disabled a polling trigger." : "A poll failed; backing off.", {
      triggerId: row.id,
      slug: row.slug,
      failures,
      authFailures,
      error: message,
    });
    for (const event of lifecycle) bus.publishLifecycle(event);
  };

  /** Polls one claimed instance and commits; resolves to the events stored, or undefined on failure. */
  const pollOne = async (claimed: ClaimedInstance): Promise<RuntimeEvent[] | undefined> => {
    const { row } = claimed;
    let intervalMs = DEFAULT_POLLER_OPTIONS.leaseMs;
    try {
      const target = await hookTargetOf(registry, accounts, row);
      if (target.trigger.type !== TRIGGER_TYPES.POLLING) {
        throw new ConnectorError(
          "CONFIGURATION",
          `Trigger ${row.id} (${row.slug}) is not a polling trigger.`,
        );
      }
      intervalMs = target.trigger.intervalSeconds * 1000;
      const store = createStagedStore(database, row.id);
      const client = await clients.forAccount(target.connector, target.account);
      const events = await triggerClientOf(client, target).poll({
        ...triggerCallArgs(context.publicUrl, target, store),
        signal: AbortSignal.timeout(settings.pollTimeoutMs),
      } as never);
      const polledAt = new Date(clock());
      const stored = await database.transaction(async (transaction) => {
        if (!(await holdsLease(transaction, claimed))) throw new LeaseLost();
        await store.flush(transaction, row.id);
        const inserted = await insertEvents(transaction, row, events, undefined);
        await recordPollSuccess(
          transaction,
          row.id,
          polledAt,
          new Date(polledAt.getTime() + withJitter(intervalMs, random)),
        );
        return inserted;
      });
      if (stored.length > 0) bus.publish(stored);
      logger.debug("Polled.", { triggerId: row.id, events: stored.length });
      return stored;
    } catch (error) {
      if (error instanceof LeaseLost) {
        logger.warn("Dropped a poll's outcome: the instance changed or was claimed again.", {
          triggerId: row.id,
        });
        return undefined;
      }
      await failed(claimed, error, intervalMs);
      return undefined;
    }
  };

  const runOnce = async (): Promise<PollRoundResult & { claimed: number }> => {
    const now = clock();
    const claimed = await database.transaction((transaction) =>
      claimDueInstances(
        transaction,
        new Date(now),
        new Date(now + settings.leaseMs),
        settings.batchSize,
      ),
    );
    const outcomes = await Promise.all(claimed.map(pollOne));
    const result = { polled: 0, events: 0, failures: 0, claimed: claimed.length };
    for (const stored of outcomes) {
      if (stored === undefined) result.failures += 1;
      else {
        result.polled += 1;
        result.events += stored.length;
      }
    }
    return result;
  };

  const roundLoop = createRoundLoop({
    round: runOnce,
    batchSize: settings.batchSize,
    intervalMs: settings.intervalMs,
    logger,
    name: "polling",
  });

  return {
    start: roundLoop.start,
    stop: roundLoop.stop,
    async runOnce() {
      const { polled, events, failures } = await runOnce();
      return { polled, events, failures };
    },
  };
}

/** Calls `listener` with each lifecycle event of the runtime (an instance the poller disabled). */
export function subscribeLifecycle(runtime: Runtime, listener: LifecycleListener): () => void {
  return internalsOf(runtime).bus.subscribeLifecycle(listener);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
