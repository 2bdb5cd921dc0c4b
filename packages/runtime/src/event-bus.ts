import type { Logger } from "@triggo/shared";

/** One event a trigger instance received, as stored. */
export interface RuntimeEvent {
  /** The runtime's id of the stored event (`ev_...`). */
  id: string;
  triggerId: string;
  slug: string;
  toolkit: string;
  userId: string;
  connectedAccountId: string;
  /** The trigger's stable id of the event (a commit SHA, an `evt_...` id). */
  eventId: string;
  /** The provider's id of the delivery that brought it. */
  deliveryId: string | undefined;
  payload: unknown;
  occurredAt: Date | undefined;
  receivedAt: Date;
}

/** Which events a subscriber wants; each list matches any of its values, all lists must match. */
export interface SubscribeFilters {
  triggerIds?: readonly string[];
  slugs?: readonly string[];
  userIds?: readonly string[];
}

export type EventListener = (event: RuntimeEvent) => void | Promise<void>;

/**
 * Something that happened to a trigger instance rather than at the provider: not stored as an
 * event, and handed only to lifecycle subscribers (never to `subscribe`'s listeners).
 */
export interface TriggerLifecycleEvent {
  /** The instance was disabled by the runtime, e.g. after repeated authentication failures. */
  type: "trigger.disabled";
  triggerId: string;
  slug: string;
  toolkit: string;
  userId: string;
  connectedAccountId: string;
  /** Why, as stored in the instance's `disabledReason`. */
  reason: string;
  /** The error code that led to it (`AUTH_INVALID`, `AUTH_EXPIRED`). */
  code: string;
  at: Date;
}

/** An account the runtime marked expired: its refresh token was refused; connect it again. */
export interface AccountExpiredEvent {
  type: "account.expired";
  connectedAccountId: string;
  userId: string;
  toolkit: string;
  /** Why, as stored in the account's `statusReason`. */
  reason: string;
  /** The error code that led to it (`AUTH_EXPIRED`). */
  code: string;
  at: Date;
}

/**
 * An account the provider said no longer works (Slack: the app was uninstalled from the
 * workspace, or its bot token revoked): marked revoked, its triggers disabled.
 */
export interface AccountRevokedEvent {
  type: "account.revoked";
  connectedAccountId: string;
  userId: string;
  toolkit: string;
  /** Why, as stored in the account's `statusReason`. */
  reason: string;
  /** `AUTH_INVALID`: its credentials no longer work. */
  code: string;
  at: Date;
}

/** What the runtime itself did to a trigger or an account, for the application to act on. */
export type LifecycleEvent = TriggerLifecycleEvent | AccountExpiredEvent | AccountRevokedEvent;

export type LifecycleListener = (event: LifecycleEvent) => void | Promise<void>;

/**
 * Hands persisted events to in-process subscribers. A later outbound delivery (HTTP callbacks
 * with retries) reads the events table instead; both see only what was committed.
 */
export interface EventBus {
  /** Returns the function that unsubscribes. */
  subscribe(listener: EventListener, filters?: SubscribeFilters): () => void;
  /** Calls every matching subscriber; a subscriber's failure is logged, never thrown. */
  publish(events: readonly RuntimeEvent[]): void;
  /** Lifecycle events (an instance disabled by the runtime); returns the unsubscriber. */
  subscribeLifecycle(listener: LifecycleListener): () => void;
  /** Calls every lifecycle subscriber; a failure is logged, never thrown. */
  publishLifecycle(event: LifecycleEvent): void;
}

function matches(event: RuntimeEvent, filters: SubscribeFilters): boolean {
  const slugs = filters.slugs?.map((slug) => slug.toUpperCase());
  return (
    (!filters.triggerIds || filters.triggerIds.includes(event.triggerId)) &&
    (!slugs || slugs.includes(event.slug)) &&
    (!filters.userIds || filters.userIds.includes(event.userId))
  );
}

export function createEventBus(logger: Logger): EventBus {
  const subscribers = new Set<{ listener: EventListener; filters: SubscribeFilters }>();
  const report = (event: RuntimeEvent, error: unknown) =>
    logger.error("An event subscriber failed.", {
      triggerId: event.triggerId,
      eventId: event.eventId,
      error: error instanceof Error ? error.message : String(error),
    });
  const lifecycleSubscribers = new Set<LifecycleListener>();
  const reportLifecycle = (event: LifecycleEvent, error: unknown) =>
    logger.error("A lifecycle subscriber failed.", {
      type: event.type,
      ...(event.type === "trigger.disabled"
        ? { triggerId: event.triggerId }
        : { connectedAccountId: event.connectedAccountId }),
      error: error instanceof Error ? error.message : String(error),
    });
  return {
    subscribeLifecycle(listener) {
      lifecycleSubscribers.add(listener);
      return () => {
        lifecycleSubscribers.delete(listener);
      };
    },
    publishLifecycle(event) {
      for (const listener of lifecycleSubscribers) {
        try {
          Promise.resolve(listener(structuredClone(event))).catch((error) =>
            reportLifecycle(event, error),
          );
        } catch (error) {
          reportLifecycle(event, error);
        }
      }
    },
    subscribe(listener, filters = {}) {
      const subscriber = { listener, filters };
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
      };
    },
    publish(events) {
      for (const event of events) {
        for (const { listener, filters } of subscribers) {
          if (!matches(event, filters)) continue;
          try {
            Promise.resolve(listener(structuredClone(event))).catch((error) =>
              report(event, error),
            );
          } catch (error) {
            report(event, error);
          }
        }
      }
    },
  };
}
