import invoiceFixture from "../__fixtures__/invoice.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `invoice.paid` event. */
export const invoicePaid = createStripeEventTrigger({
  name: "invoice_paid",
  displayName: "Invoice paid",
  description:
    "Fires when an invoice is paid, by a payment or marked paid out of band (invoice.paid), with the invoice.",
  eventTypes: () => ["invoice.paid"],
  sampleData: sampleEvent("invoice.paid", invoiceFixture),
});
