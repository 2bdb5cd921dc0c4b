import type { HttpClient, Logger } from "@triggo/shared";
import type { AnyAuth, AuthValue } from "./auth";
import type { PropsDefinition, PropsValue } from "./property";
import type { Store } from "./store";
import type { WebhookRequest } from "./webhook-request";

/** What every action and trigger hook receives. */
export interface BaseContext<A extends AnyAuth, P extends PropsDefinition> {
  /** The connected account's credentials. */
  auth: AuthValue<A>;
  /** Validated prop values, defaults applied. */
  propsValue: PropsValue<P>;
  /** Key-value state kept for this trigger instance (or for this client, for actions). */
  store: Store;
  /** Levelled logger; secrets in messages and fields are redacted. */
  logger: Logger;
  /** The shared HTTP client, already bound to the connector's auth and base URL. */
  http: HttpClient;
  /** Aborted when the caller gives up (timeout, shutdown). */
  signal: AbortSignal;
  connector: { name: string; version: string };
}

export type ActionContext<A extends AnyAuth, P extends PropsDefinition> = BaseContext<A, P>;

export interface TriggerContext<A extends AnyAuth, P extends PropsDefinition>
  extends BaseContext<A, P> {
  /** Where the provider must send deliveries for this trigger instance. */
  webhookUrl: string;
  trigger: { name: string; instanceId?: string };
}

export interface WebhookContext<A extends AnyAuth, P extends PropsDefinition>
  extends TriggerContext<A, P> {
  request: WebhookRequest;
}

/** One event a trigger emits. `id` is stable: the same provider event always has the same id. */
export interface TriggerEvent<T = unknown> {
  id: string;
  payload: T;
  /** When the event happened at the provider (ISO 8601), if known. */
  occurredAt?: string;
}
