import chargesFixture from "../__fixtures__/charges.json";
import { createStripeEventTrigger, sampleEvent } from "../stripe-webhook";

/** Fires on Stripe's `charge.refunded` event. */
export const chargeRefunded = createStripeEventTrigger({
  name: "charge_refunded",
  displayName: "Charge refunded",
  description:
    "Fires when a charge is refunded, fully or in part (charge.refunded), with the charge.",
  eventTypes: () => ["charge.refunded"],
  sampleData: sampleEvent("charge.refunded", {
    ...chargesFixture.data[0]!,
    amount_refunded: 1099,
    refunded: true,
  }),
});
