import paymentIntentFixture from "../__fixtures__/payment-intent.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `payment_intent.succeeded` event. */
export const paymentSucceeded = createStripeEventTrigger({
  name: "payment_succeeded",
  displayName: "Payment succeeded",
  description: "Fires when a payment succeeds (payment_intent.succeeded), with the PaymentIntent.",
  eventTypes: () => ["payment_intent.succeeded"],
  sampleData: sampleEvent("payment_intent.succeeded", paymentIntentFixture),
});
