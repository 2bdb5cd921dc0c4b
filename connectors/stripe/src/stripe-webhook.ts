import {
  ConnectorError,
  createTrigger,
  type DropdownOption,
  type PropsDefinition,
  type PropsValue,
  TRIGGER_TYPES,
  type TriggerEvent,
  type WebhookRequest,
} from "@triggo/connector-sdk";
import { signStripeWebhook, verifyStripeWebhook } from "@triggo/shared";
import eventFixture from "./__fixtures__/event.json";
import { connectedAccount, stripeAuth } from "./stripe-auth";
import { STRIPE_API_VERSION, stripeId } from "./stripe-http";
import { eventSchema, type StripeEvent } from "./stripe-schemas";

/** The event types the webhook triggers offer, by the name Stripe gives them. */
export const STRIPE_EVENT_TYPES = [
  { label: "Payment succeeded (payment_intent.succeeded)", value: "payment_intent.succeeded" },
  {
    label: "Payment failed (payment_intent.payment_failed)",
    value: "payment_intent.payment_failed",
  },
  { label: "Customer created (customer.created)", value: "customer.created" },
  { label: "Customer updated (customer.updated)", value: "customer.updated" },
  {
    label: "Subscription created (customer.subscription.created)",
    value: "customer.subscription.created",
  },
  {
    label: "Subscription updated (customer.subscription.updated)",
    value: "customer.subscription.updated",
  },
  {
    label: "Subscription canceled (customer.subscription.deleted)",
    value: "customer.subscription.deleted",
  },
  { label: "Invoice paid (invoice.paid)", value: "invoice.paid" },
  { label: "Invoice payment failed (invoice.payment_failed)", value: "invoice.payment_failed" },
  { label: "Charge succeeded (charge.succeeded)", value: "charge.succeeded" },
  { label: "Charge refunded (charge.refunded)", value: "charge.refunded" },
  { label: "Dispute created (charge.dispute.created)", value: "charge.dispute.created" },
  { label: "Checkout completed (checkout.session.completed)", value: "checkout.session.completed" },
] as const satisfies readonly DropdownOption<string>[];

/** The store keys a webhook trigger keeps: the endpoint Stripe made, and its signing secret. */
const ENDPOINT_ID_KEY = "webhookEndpointId";
const SECRET_KEY = "signingSecret";

interface WebhookEndpoint {
  id: string;
  secret?: string;
}

/**
 * Webhook endpoints are managed on the platform's own account: Stripe documents no endpoint
 * management for a connected account through `Stripe-Account`. For a connected account the
 * endpoint is a Connect endpoint (`connect=true`), which receives the events of every connected
 * account, each naming its `account`; deliveries for other accounts are ignored.
 */
const PLATFORM_ACCOUNT = { "Stripe-Account": undefined };

/** What makes one Stripe webhook trigger different from the others. */
export interface StripeEventTriggerSpec<Name extends string, P extends PropsDefinition> {
  name: Name;
  displayName: string;
  description: string;
  props?: P;
  /** The event types this instance asks Stripe for (and accepts). */
  eventTypes(propsValue: PropsValue<P>): readonly string[];
  /** A realistic delivery, built from the API reference's examples. */
  sampleData: StripeEvent;
}

/** A documented example event of a type, carrying an example object of the API reference. */
export function sampleEvent(
  type: string,
  object: { id: string; object: string; [field: string]: unknown },
): StripeEvent {
  return { ...eventFixture, type, data: { object } } as StripeEvent;
}

function wantedTypes<P extends PropsDefinition>(
  spec: StripeEventTriggerSpec<string, P>,
  propsValue: PropsValue<P>,
): string[] {
  const types = [...new Set(spec.eventTypes(propsValue))];
  if (types.length === 0) {
    throw new ConnectorError(
      "VALIDATION",
      `${spec.name} needs at least one event type to listen for.`,
    );
  }
  return types;
}

function eventOf(request: WebhookRequest): StripeEvent | undefined {
  const body = request.body as Partial<StripeEvent> | undefined;
  return typeof body?.id === "string" && typeof body.type === "string"
    ? (body as StripeEvent)
    : undefined;
}

/**
 * Builds a Stripe webhook trigger. On enable it creates a webhook endpoint for this instance
 * (POST /v1/webhook_endpoints: the instance's URL, only the event types it needs, the pinned API
 * version, a description and metadata naming Triggo) and keeps the endpoint's id and its signing
 * secret, which Stripe returns only then. Each delivery's `Stripe-Signature` is verified over the
 * raw body (any `v1` matching, `t` within 300 s); events of other types, or of another account
 * than the one connected, are ignored; the event's `evt_...` id names both the
 * delivery and the event, so a redelivery is dropped. On
 * disable the endpoint is deleted (DELETE /v1/webhook_endpoints/{id}; already gone is fine).
 */
export function createStripeEventTrigger<const Name extends string, P extends PropsDefinition = {}>(
  spec: StripeEventTriggerSpec<Name, P>,
) {
  return createTrigger({
    name: spec.name,
    displayName: spec.displayName,
    description: spec.description,
    type: TRIGGER_TYPES.WEBHOOK,
    auth: stripeAuth,
    props: (spec.props ?? {}) as P,
    payload: eventSchema,
    sampleData: spec.sampleData,
    async onEnable(context) {
      const accountId = connectedAccount(context.auth);
      const response = await context.http.post<WebhookEndpoint>(
        "/v1/webhook_endpoints",
        {
          form: {
            url: context.webhookUrl,
            enabled_events: wantedTypes(spec, context.propsValue),
            api_version: STRIPE_API_VERSION,
            connect: accountId ? true : undefined,
            description: `Triggo: ${spec.displayName}`,
            metadata: {
              triggo_trigger: spec.name,
              ...(accountId ? { triggo_account: accountId } : {}),
              ...(context.trigger.instanceId
                ? { triggo_instance: context.trigger.instanceId }
                : {}),
            },
          },
        },
        { headers: PLATFORM_ACCOUNT, signal: context.signal },
      );
      const { id, secret } = response.body;
      if (!secret) {
        throw new ConnectorError(
          "UPSTREAM",
          `Stripe created webhook endpoint ${id} without returning its signing secret.`,
          { retryable: false },
        );
      }
      return { [ENDPOINT_ID_KEY]: id, [SECRET_KEY]: secret };
    },
    async onDisable(context) {
      const endpointId = await context.store.get<string>(ENDPOINT_ID_KEY);
      if (endpointId) {
        try {
          await context.http.delete(`/v1/webhook_endpoints/${stripeId(endpointId)}`, {
            headers: PLATFORM_ACCOUNT,
            signal: context.signal,
          });
        } catch (error) {
          // Already deleted (in the Dashboard, or by an earlier disable): nothing is left to remove.
          if (!ConnectorError.is(error) || error.code !== "NOT_FOUND") throw error;
        }
      }
      await context.store.delete(ENDPOINT_ID_KEY);
      await context.store.delete(SECRET_KEY);
    },
    async verify(context) {
      const secret = await context.store.get<string>(SECRET_KEY);
      if (!secret) {
        throw new ConnectorError(
          "CONFIGURATION",
          `${spec.name} has no signing secret: enable the trigger so that it creates its webhook endpoint.`,
        );
      }
      verifyStripeWebhook({
        secret,
        body: context.request.rawBody,
        headers: context.request.headers,
      });
    },
    deliveryId: (request) => eventOf(request)?.id,
    async run(context): Promise<TriggerEvent<StripeEvent>[]> {
      const event = eventOf(context.request);
      if (!event || !wantedTypes(spec, context.propsValue).includes(event.type)) return [];
      if ((event.account ?? undefined) !== connectedAccount(context.auth)) return [];
      return [
        {
          id: event.id,
          payload: event,
          ...(typeof event.created === "number"
            ? { occurredAt: new Date(event.created * 1000).toISOString() }
            : {}),
        },
      ];
    },
    signDelivery: ({ rawBody, secret, timestamp }) =>
      signStripeWebhook({
        secret,
        body: rawBody,
        ...(timestamp === undefined ? {} : { timestamp }),
      }),
  });
}
