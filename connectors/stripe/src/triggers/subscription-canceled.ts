import subscriptionFixture from "../__fixtures__/subscription.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `customer.subscription.deleted` event. */
export const subscriptionCanceled = createStripeEventTrigger({
  name: "subscription_canceled",
  displayName: "Subscription canceled",
  description:
    "Fires when a subscription ends, canceled at once or at the end of its period (customer.subscription.deleted), with the subscription.",
  eventTypes: () => ["customer.subscription.deleted"],
  sampleData: sampleEvent("customer.subscription.deleted", subscriptionFixture),
});
