import { Property } from "@triggo/connector-sdk";
import customerFixture from "../__fixtures__/customer.json";
import { createStripeEventTrigger, STRIPE_EVENT_TYPES, sampleEvent } from "../stripe-webhook";

/** Fires on any of the chosen event types, with one webhook endpoint for all of them. */
export const anyEvent = createStripeEventTrigger({
  name: "any_event",
  displayName: "Any of these events",
  description: "Fires on any of the chosen Stripe event types, with the event and its object.",
  props: {
    event_types: Property.MultiSelectDropdown({
      displayName: "Event types",
      description: "The Stripe event types to listen for: the trigger fires on any of them.",
      required: true,
      options: STRIPE_EVENT_TYPES,
    }),
  },
  eventTypes: (propsValue) => propsValue.event_types,
  sampleData: sampleEvent("customer.created", customerFixture),
});
