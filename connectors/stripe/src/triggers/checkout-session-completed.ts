import checkoutSessionFixture from "../__fixtures__/checkout-session.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `checkout.session.completed` event. */
export const checkoutSessionCompleted = createStripeEventTrigger({
  name: "checkout_session_completed",
  displayName: "Checkout session completed",
  description:
    "Fires when a customer completes a Stripe Checkout page (checkout.session.completed), with the session.",
  eventTypes: () => ["checkout.session.completed"],
  sampleData: sampleEvent("checkout.session.completed", checkoutSessionFixture),
});
