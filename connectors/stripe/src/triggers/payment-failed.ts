import paymentIntentFixture from "../__fixtures__/payment-intent.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `payment_intent.payment_failed` event. */
export const paymentFailed = createStripeEventTrigger({
  name: "payment_failed",
  displayName: "Payment failed",
  description:
    "Fires when a payment attempt fails (payment_intent.payment_failed), with the PaymentIntent and its last_payment_error.",
  eventTypes: () => ["payment_intent.payment_failed"],
  sampleData: sampleEvent("payment_intent.payment_failed", paymentIntentFixture),
});
