import type { ZodType } from "zod";
import { checkSampleData } from "./action";
import type { AnyAuth } from "./auth";
import { TRIGGER_TYPES } from "./constants";
import type { TriggerContext, TriggerEvent, WebhookContext } from "./context";
import { assertPropKey, assertSnakeCase, assertText, DefinitionError } from "./names";
import type { PropsDefinition } from "./property";
import { checkPropsDefinition } from "./props-definition";
import type { Store } from "./store";
import type { WebhookRequest, WebhookResponse } from "./webhook-request";

/**
 * What `onEnable` may hand back: values to keep for this trigger instance (the remote webhook's
 * id, the signing secret the provider generated). Each entry is written to `context.store`.
 */
export type OnEnableResult = Record<string, unknown>;

interface TriggerCommon<
  Name extends string,
  A extends AnyAuth,
  P extends PropsDefinition,
  Payload,
> {
  /** snake_case, unique within the connector: `new_message`. */
  name: Name;
  displayName: string;
  description: string;
  props?: P;
  /** The connector's auth, given here only so that `context.auth` is typed. */
  auth?: A;
  /** The shape of each event's payload; sample data is checked against it. */
  payload?: ZodType<Payload>;
  /** A realistic event payload, taken from the provider's documentation. */
  sampleData?: NoInfer<Payload>;
  /** Registers the trigger with the provider (webhook) or records the starting point (polling). */
  onEnable?(context: TriggerContext<A, NoInfer<P>>): Promise<void | OnEnableResult>;
  /** Removes what `onEnable` registered. */
  onDisable?(context: TriggerContext<A, NoInfer<P>>): Promise<void>;
}

export interface WebhookTriggerDefinition<
  Name extends string,
  A extends AnyAuth,
  P extends PropsDefinition,
  Payload,
> extends TriggerCommon<Name, A, P, Payload> {
  type: typeof TRIGGER_TYPES.WEBHOOK;
  /**
   * Checks the provider's signature over `request.rawBody`; throws a ConnectorError with code
   * SIGNATURE_INVALID for a forged, unsigned or stale delivery.
   */
  verify?(context: WebhookContext<A, NoInfer<P>>): void | Promise<void>;
  /**
   * Answers a provider that challenges the URL (a verification ping). Return the response to send
   * when the request is a handshake, undefined otherwise. Runs after `verify`.
   */
  handshake?(
    context: WebhookContext<A, NoInfer<P>>,
  ): WebhookResponse | undefined | Promise<WebhookResponse | undefined>;
  /** The provider's id of this delivery, used to drop retried duplicates. */
  deliveryId?(request: WebhookRequest): string | undefined;
  /**
   * Present when deliveries arrive at the connector's one app-level endpoint (Slack's Events API)
   * instead of a URL registered per trigger: `match` says whether a verified delivery belongs to
   * this trigger instance (by team, channel, event type...).
   */
  appWebhook?: {
    match(context: WebhookContext<A, NoInfer<P>>): boolean | Promise<boolean>;
    /**
     * The instance's routing key, read from its store once `onEnable` has run (Slack: the
     * workspace id it saved). A runtime offers a delivery only to the instances whose key is
     * among the delivery's `routingKeys` (see the connector's `appWebhook`), instead of to every
     * instance of the connector; `match` still decides.
     */
    routingKey?(store: Store): string | undefined | Promise<string | undefined>;
  };
  /** Turns a verified delivery into events (none when it is not one this trigger wants). */
  run(context: WebhookContext<A, NoInfer<P>>): Promise<TriggerEvent<Payload>[]>;
  /**
   * Signs a delivery exactly as the provider would: the headers to send with `rawBody`. Used by
   * the test harness and `triggo webhook send`; never by the runtime.
   */
  signDelivery?: DeliverySigner;
}

export interface DeliverySignerInput {
  rawBody: string;
  /** The signing secret (what onEnable kept, or the app's secret). */
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** The URL the delivery is sent to (some schemes sign it). */
  url?: string;
}

export type DeliverySigner = (input: DeliverySignerInput) => Record<string, string>;

/** One item a polling trigger found at the provider. */
export interface PolledItem<Payload> {
  /** Stable and unique: the provider's id of the item. */
  id: string;
  /** When the item was created (ISO 8601 or epoch milliseconds); required for `timestamp` dedupe. */
  timestamp?: string | number;
  payload: Payload;
  /**
   * `false` for an item this trigger does not want (a bot's message): it is remembered as seen,
   * so that the cursor moves past it, but no event is emitted.
   */
  emit?: boolean;
}

export interface PollCursor {
  /** The newest item timestamp seen so far (ISO 8601), for APIs that filter by `since`. */
  since?: string;
  /** When the previous poll ran (ISO 8601). */
  lastPolledAt?: string;
  /** True on enable: the items are only recorded as seen, never emitted. */
  isFirstPoll: boolean;
}

export interface PollSpec<A extends AnyAuth, P extends PropsDefinition, Payload> {
  /**
   * How new items are told from seen ones: `id` remembers the most recent ids (bounded);
   * `timestamp` keeps a high-water mark plus the ids seen at that exact instant.
   */
  dedupe: "id" | "timestamp";
  /** Fetches the latest items, newest first or in any order (at least the newest page). */
  items(context: TriggerContext<A, NoInfer<P>>, cursor: PollCursor): Promise<PolledItem<Payload>[]>;
  /** How many ids `id` dedupe remembers. Default 1000. */
  maxRemembered?: number;
}

export interface PollingTriggerDefinition<
  Name extends string,
  A extends AnyAuth,
  P extends PropsDefinition,
  Payload,
> extends TriggerCommon<Name, A, P, Payload> {
  type: typeof TRIGGER_TYPES.POLLING;
  /** How often the runtime polls. Default 300 s. */
  intervalSeconds?: number;
  /**
   * The usual way to write a polling trigger: say how to fetch and how to dedupe, and the SDK
   * derives `onEnable` (no backlog) and `run` (only new items, oldest first).
   */
  poll?: PollSpec<A, P, Payload>;
  /** Hand-written polling, for APIs the `poll` helper does not fit. */
  run?(context: TriggerContext<A, NoInfer<P>>): Promise<TriggerEvent<Payload>[]>;
}

export type TriggerDefinition<
  Name extends string,
  A extends AnyAuth,
  P extends PropsDefinition,
  Payload,
> = WebhookTriggerDefinition<Name, A, P, Payload> | PollingTriggerDefinition<Name, A, P, Payload>;

interface TriggerBase<Name extends string, A extends AnyAuth, P extends PropsDefinition, Payload> {
  readonly kind: "trigger";
  readonly name: Name;
  readonly displayName: string;
  readonly description: string;
  readonly props: P;
  readonly auth: A | undefined;
  readonly payload: ZodType<Payload> | undefined;
  readonly sampleData: Payload | undefined;
  onEnable(context: TriggerContext<A, P>): Promise<void | OnEnableResult>;
  onDisable(context: TriggerContext<A, P>): Promise<void>;
}

export interface WebhookTrigger<
  Name extends string = string,
  A extends AnyAuth = AnyAuth,
  P extends PropsDefinition = PropsDefinition,
  Payload = unknown,
> extends TriggerBase<Name, A, P, Payload> {
  readonly type: typeof TRIGGER_TYPES.WEBHOOK;
  readonly verify: WebhookTriggerDefinition<Name, A, P, Payload>["verify"];
  readonly handshake: WebhookTriggerDefinition<Name, A, P, Payload>["handshake"];
  readonly deliveryId: WebhookTriggerDefinition<Name, A, P, Payload>["deliveryId"];
  readonly appWebhook: WebhookTriggerDefinition<Name, A, P, Payload>["appWebhook"];
  readonly signDelivery: DeliverySigner | undefined;
  run(context: WebhookContext<A, P>): Promise<TriggerEvent<Payload>[]>;
}

export interface PollingTrigger<
  Name extends string = string,
  A extends AnyAuth = AnyAuth,
  P extends PropsDefinition = PropsDefinition,
  Payload = unknown,
> extends TriggerBase<Name, A, P, Payload> {
  readonly type: typeof TRIGGER_TYPES.POLLING;
  readonly intervalSeconds: number;
  run(context: TriggerContext<A, P>): Promise<TriggerEvent<Payload>[]>;
}

export type Trigger<
  Name extends string = string,
  A extends AnyAuth = AnyAuth,
  P extends PropsDefinition = PropsDefinition,
  Payload = unknown,
> = WebhookTrigger<Name, A, P, Payload> | PollingTrigger<Name, A, P, Payload>;

export type AnyTrigger =
  | WebhookTrigger<string, any, any, any>
  | PollingTrigger<string, any, any, any>;

const DEFAULT_POLL_INTERVAL_SECONDS = 300;
const MIN_POLL_INTERVAL_SECONDS = 10;

/** Defines a trigger: a webhook the provider calls, or a poll that finds what is new. */
export function createTrigger<
  const Name extends string,
  P extends PropsDefinition = {},
  Payload = unknown,
  A extends AnyAuth = AnyAuth,
>(definition: WebhookTriggerDefinition<Name, A, P, Payload>): WebhookTrigger<Name, A, P, Payload>;
export function createTrigger<
  const Name extends string,
  P extends PropsDefinition = {},
  Payload = unknown,
  A extends AnyAuth = AnyAuth,
>(definition: PollingTriggerDefinition<Name, A, P, Payload>): PollingTrigger<Name, A, P, Payload>;
export function createTrigger(
  definition: TriggerDefinition<string, AnyAuth, PropsDefinition, unknown>,
): AnyTrigger {
  assertSnakeCase("Trigger", definition.name);
  const owner = `Trigger "${definition.name}"`;
  assertText(owner, "displayName", definition.displayName);
  assertText(owner, "description", definition.description);
  const props = definition.props ?? {};
  for (const key of Object.keys(props)) assertPropKey(owner, key);
  checkPropsDefinition(owner, props);
  checkSampleData(owner, definition.payload, definition.sampleData);

  const common = {
    kind: "trigger" as const,
    name: definition.name,
    displayName: definition.displayName,
    description: definition.description,
    props,
    auth: definition.auth,
    payload: definition.payload,
    sampleData: definition.sampleData,
  };
  const noop = async () => undefined;

  if (definition.type === TRIGGER_TYPES.WEBHOOK) {
    if (typeof definition.run !== "function") {
      throw new DefinitionError(
        `${owner} has no run function: turn a verified request into events in run(context).`,
      );
    }
    return Object.freeze({
      ...common,
      type: TRIGGER_TYPES.WEBHOOK,
      onEnable: definition.onEnable ?? noop,
      onDisable: definition.onDisable ?? noop,
      verify: definition.verify,
      handshake: definition.handshake,
      deliveryId: definition.deliveryId,
      appWebhook: definition.appWebhook,
      signDelivery: definition.signDelivery,
      run: definition.run,
    });
  }

  if (definition.type === TRIGGER_TYPES.POLLING) {
    const intervalSeconds = definition.intervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS;
    if (!Number.isFinite(intervalSeconds) || intervalSeconds < MIN_POLL_INTERVAL_SECONDS) {
      throw new DefinitionError(
        `${owner}: intervalSeconds must be at least ${MIN_POLL_INTERVAL_SECONDS}; got ${intervalSeconds}.`,
      );
    }
    if (definition.poll && definition.run) {
      throw new DefinitionError(`${owner} has both poll and run: give one of them.`);
    }
    if (definition.poll) {
      const derived = derivePolling(definition.poll);
      return Object.freeze({
        ...common,
        type: TRIGGER_TYPES.POLLING,
        intervalSeconds,
        onEnable: async (context: TriggerContext<AnyAuth, PropsDefinition>) => {
          await derived.onEnable(context);
          return definition.onEnable?.(context);
        },
        onDisable: async (context: TriggerContext<AnyAuth, PropsDefinition>) => {
          await definition.onDisable?.(context);
          await derived.onDisable(context);
        },
        run: derived.run,
      });
    }
    if (typeof definition.run !== "function") {
      throw new DefinitionError(
        `${owner} is a polling trigger without poll or run: give poll: { dedupe, items } (preferred) or run(context).`,
      );
    }
    return Object.freeze({
      ...common,
      type: TRIGGER_TYPES.POLLING,
      intervalSeconds,
      onEnable: definition.onEnable ?? noop,
      onDisable: definition.onDisable ?? noop,
      run: definition.run,
    });
  }

  throw new DefinitionError(
    `${owner} has type ${JSON.stringify((definition as { type?: unknown }).type)}: use TRIGGER_TYPES.WEBHOOK or TRIGGER_TYPES.POLLING.`,
  );
}

/** The key under which the `poll` helper keeps its dedupe state in the trigger's store. */
export const POLL_STATE_KEY = "triggo:poll";

interface PollState {
  /** `id` dedupe: most recent ids, newest last. */
  ids?: string[];
  /** `timestamp` dedupe: high-water mark (epoch ms) and the ids seen at exactly that instant. */
  highWaterMark?: number;
  idsAtHighWaterMark?: string[];
  lastPolledAt?: string;
}

function timestampOf(item: PolledItem<unknown>, where: string): number {
  const { timestamp } = item;
  const value =
    typeof timestamp === "number"
      ? timestamp
      : typeof timestamp === "string"
        ? Date.parse(timestamp)
        : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new DefinitionError(
      `${where}: item "${item.id}" has no usable timestamp (${JSON.stringify(timestamp)}); "timestamp" dedupe needs ISO 8601 or epoch-ms timestamps.`,
    );
  }
  return value;
}

function derivePolling(spec: PollSpec<AnyAuth, PropsDefinition, unknown>) {
  const maxRemembered = spec.maxRemembered ?? 1000;
  const where = "poll";

  const fetchItems = async (
    context: TriggerContext<AnyAuth, PropsDefinition>,
    state: PollState | undefined,
  ) => {
    const cursor: PollCursor = {
      isFirstPoll: state === undefined,
      ...(state?.highWaterMark === undefined
        ? {}
        : { since: new Date(state.highWaterMark).toISOString() }),
      ...(state?.lastPolledAt === undefined ? {} : { lastPolledAt: state.lastPolledAt }),
    };
    const items = await spec.items(context, cursor);
    for (const item of items) {
      if (typeof item?.id !== "string" || item.id === "") {
        throw new DefinitionError(`${where}: every polled item needs a non-empty string id.`);
      }
    }
    return items;
  };

  const nextState = (items: PolledItem<unknown>[], previous: PollState | undefined): PollState => {
    const lastPolledAt = new Date().toISOString();
    if (spec.dedupe === "id") {
      const ids = [...(previous?.ids ?? [])];
      const known = new Set(ids);
      // Oldest first, so the newest ids survive the bound.
      for (const item of [...items].reverse()) {
        if (!known.has(item.id)) {
          ids.push(item.id);
          known.add(item.id);
        }
      }
      return { ids: ids.slice(-maxRemembered), lastPolledAt };
    }
    let highWaterMark = previous?.highWaterMark ?? Number.NEGATIVE_INFINITY;
    let idsAtHighWaterMark = new Set(previous?.idsAtHighWaterMark ?? []);
    for (const item of items) {
      const time = timestampOf(item, where);
      if (time > highWaterMark) {
        highWaterMark = time;
        idsAtHighWaterMark = new Set([item.id]);
      } else if (time === highWaterMark) {
        idsAtHighWaterMark.add(item.id);
      }
    }
    return Number.isFinite(highWaterMark)
      ? {
          highWaterMark,
          idsAtHighWaterMark: [...idsAtHighWaterMark].slice(-maxRemembered),
          lastPolledAt,
        }
      : { ...(previous ?? {}), lastPolledAt };
  };

  const isNew = (item: PolledItem<unknown>, state: PollState): boolean => {
    if (spec.dedupe === "id") return !(state.ids ?? []).includes(item.id);
    const time = timestampOf(item, where);
    const mark = state.highWaterMark;
    if (mark === undefined) return true;
    return time > mark || (time === mark && !(state.idsAtHighWaterMark ?? []).includes(item.id));
  };

  return {
    async onEnable(context: TriggerContext<AnyAuth, PropsDefinition>) {
      const items = await fetchItems(context, undefined);
      await context.store.put(POLL_STATE_KEY, nextState(items, undefined));
    },
    async onDisable(context: TriggerContext<AnyAuth, PropsDefinition>) {
      await context.store.delete(POLL_STATE_KEY);
    },
    async run(context: TriggerContext<AnyAuth, PropsDefinition>): Promise<TriggerEvent<unknown>[]> {
      const state = await context.store.get<PollState>(POLL_STATE_KEY);
      if (state === undefined) {
        // Never enabled (or its state was lost): record the present, emit nothing.
        const items = await fetchItems(context, undefined);
        await context.store.put(POLL_STATE_KEY, nextState(items, undefined));
        return [];
      }
      const items = await fetchItems(context, state);
      const seen = new Set<string>();
      const fresh = items.filter((item) => {
        if (seen.has(item.id)) return false;
        seen.add(item.id);
        return isNew(item, state) && item.emit !== false;
      });
      const ordered =
        spec.dedupe === "timestamp" || fresh.every((item) => item.timestamp !== undefined)
          ? [...fresh].sort((a, b) => timestampOf(a, where) - timestampOf(b, where))
          : [...fresh].reverse();
      await context.store.put(POLL_STATE_KEY, nextState(items, state));
      return ordered.map((item) => ({
        id: item.id,
        payload: item.payload,
        ...(item.timestamp === undefined
          ? {}
          : { occurredAt: new Date(timestampOf(item, where)).toISOString() }),
      }));
    },
  };
}
