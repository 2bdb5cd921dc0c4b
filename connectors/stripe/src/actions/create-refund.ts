import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import refundFixture from "../__fixtures__/refund.json";
import { stripeAuth } from "../stripe-auth";
import { writeOptions } from "../stripe-http";
import { amountProp, idempotencyKeyProp, metadataForm, metadataProp } from "../stripe-props";
import { moneyFields } from "../stripe-schemas";

const refundSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  amount: z.number(),
  status: z.string().nullish(),
  charge: z.string().nullish(),
  payment_intent: z.string().nullish(),
  reason: z.string().nullish(),
  ...moneyFields,
});

/** A refund, as POST /v1/refunds returns it. */
export type StripeRefund = z.infer<typeof refundSchema>;

/** Refunds a payment, fully or in part: POST /v1/refunds for a PaymentIntent or a charge. */
export const createRefund = createAction({
  name: "create_refund",
  displayName: "Create refund",
  description:
    "Refunds a payment, in full or in part: give the PaymentIntent (pi_...) or the charge (ch_...).",
  auth: stripeAuth,
  props: {
    payment_intent: Property.ShortText({
      displayName: "Payment intent",
      description: "The PaymentIntent to refund (pi_...). Give this or the charge, not both.",
    }),
    charge: Property.ShortText({
      displayName: "Charge",
      description: "The charge to refund (ch_...). Give this or the payment intent, not both.",
    }),
    amount: amountProp({
      displayName: "Amount",
      required: false,
      min: 1,
      description: "How much to refund; leave empty to refund everything not yet refunded.",
    }),
    reason: Property.StaticDropdown({
      displayName: "Reason",
      description:
        "Why the payment is refunded (fraudulent also helps Stripe block similar payments).",
      options: [
        { label: "Duplicate", value: "duplicate" },
        { label: "Fraudulent", value: "fraudulent" },
        { label: "Requested by customer", value: "requested_by_customer" },
      ],
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: refundSchema,
  sampleData: refundFixture,
  async run(context) {
    const { payment_intent, charge, amount, reason, metadata } = context.propsValue;
    if (Boolean(payment_intent) === Boolean(charge)) {
      throw new ConnectorError(
        "VALIDATION",
        'Give exactly one of "payment_intent" (pi_...) and "charge" (ch_...) to say what to refund.',
      );
    }
    const response = await context.http.post<StripeRefund>(
      "/v1/refunds",
      { form: { payment_intent, charge, amount, reason, metadata: metadataForm(metadata) } },
      writeOptions(context.propsValue.idempotency_key, context.signal),
    );
    return response.body;
  },
});
