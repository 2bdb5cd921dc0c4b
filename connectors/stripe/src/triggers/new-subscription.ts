import subscriptionFixture from "../__fixtures__/subscription.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `customer.subscription.created` event. */
export const newSubscription = createStripeEventTrigger({
  name: "new_subscription",
  displayName: "New subscription",
  description:
    "Fires when a subscription is created (customer.subscription.created), with the subscription.",
  eventTypes: () => ["customer.subscription.created"],
  sampleData: sampleEvent("customer.subscription.created", subscriptionFixture),
});
