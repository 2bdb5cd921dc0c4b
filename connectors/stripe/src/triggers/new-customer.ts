import customerFixture from "../__fixtures__/customer.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `customer.created` event. */
export const newCustomer = createStripeEventTrigger({
  name: "new_customer",
  displayName: "New customer",
  description: "Fires when a customer is created (customer.created), with the customer.",
  eventTypes: () => ["customer.created"],
  sampleData: sampleEvent("customer.created", customerFixture),
});
