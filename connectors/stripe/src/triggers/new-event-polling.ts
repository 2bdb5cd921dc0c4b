import { ConnectorError, createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { collect } from "@triggo/shared";
import paymentIntentFixture from "../__fixtures__/payment-intent.json";
import { stripeAuth } from "../stripe-auth";
import { listStripeObjects, STRIPE_MAX_PAGE_SIZE, toUnixSeconds } from "../stripe-http";
import { eventSchema, type StripeEvent } from "../stripe-schemas";
import { STRIPE_EVENT_TYPES, sampleEvent } from "../stripe-webhook";

/** Stripe filters events by at most 20 types at once (List all events: `types`). */
const MAX_TYPES = 20;
/** The most events one poll reads; a busier interval keeps its newest events. */
const MAX_EVENTS_PER_POLL = 1000;

/**
 * Polls GET /v1/events, newest first, for users who cannot receive webhooks. The first poll (on
 * enable) reads one page only to record the present, so nothing old fires. Later polls ask for
 * `created[gte]` the newest event seen (in Unix seconds) and read every page after it
 * (`starting_after` while `has_more`): `gte` rather than `gt` so an event created in the same
 * second as the last one seen, but listed later, is still read; the SDK's timestamp dedupe
 * remembers the ids seen at that second, so none fires twice. Stripe keeps events for 30 days.
 */
export const newEventPolling = createTrigger({
  name: "new_event_polling",
  displayName: "New event (polling)",
  description:
    "Checks Stripe for new events of the chosen types every few minutes, for setups where Stripe cannot call a webhook.",
  type: TRIGGER_TYPES.POLLING,
  auth: stripeAuth,
  props: {
    event_types: Property.MultiSelectDropdown({
      displayName: "Event types",
      description: `The event types to watch (at most ${MAX_TYPES}); leave empty for every event type.`,
      options: STRIPE_EVENT_TYPES,
    }),
  },
  payload: eventSchema,
  sampleData: sampleEvent("payment_intent.succeeded", {
    ...paymentIntentFixture,
    status: "succeeded",
  }),
  poll: {
    dedupe: "timestamp",
    async items(context, cursor) {
      const types = context.propsValue.event_types ?? [];
      if (types.length > MAX_TYPES) {
        throw new ConnectorError(
          "VALIDATION",
          `Stripe filters events by at most ${MAX_TYPES} types; ${types.length} were chosen.`,
        );
      }
      const since = cursor.since ?? (cursor.isFirstPoll ? undefined : cursor.lastPolledAt);
      const events = listStripeObjects<StripeEvent>(context.http, "/v1/events", {
        query: {
          types: types.length > 0 ? [...types] : undefined,
          created: since === undefined ? undefined : { gte: toUnixSeconds(since) },
        },
        limit: since === undefined ? STRIPE_MAX_PAGE_SIZE : MAX_EVENTS_PER_POLL,
        signal: context.signal,
      });
      return (await collect(events)).map((event) => ({
        id: event.id,
        timestamp: event.created * 1000,
        payload: event,
      }));
    },
  },
});
