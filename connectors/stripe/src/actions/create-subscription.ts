import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import subscriptionFixture from "../__fixtures__/subscription.json";
import { stripeAuth } from "../stripe-auth";
import { writeOptions } from "../stripe-http";
import {
  customerProp,
  idempotencyKeyProp,
  lineItems,
  lineItemsProps,
  metadataForm,
  metadataProp,
} from "../stripe-props";
import { moneyFields } from "../stripe-schemas";

/** A subscription, as the subscription actions return it. */
export const subscriptionSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  status: z.string(),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  cancel_at_period_end: z.boolean().nullish(),
  canceled_at: z.number().nullish(),
  latest_invoice: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  items: z.looseObject({ data: z.array(z.looseObject({ id: z.string() })) }),
  ...moneyFields,
});

/** A subscription. */
export type StripeSubscription = z.infer<typeof subscriptionSchema>;

/**
 * Subscribes a customer to recurring prices: POST /v1/subscriptions with `items[n][price]` and
 * `items[n][quantity]`.
 */
export const createSubscription = createAction({
  name: "create_subscription",
  displayName: "Create subscription",
  description:
    "Subscribes a customer to one or more recurring prices, optionally with a free trial; the first invoice is charged to the customer's default payment method.",
  auth: stripeAuth,
  props: {
    customer: customerProp({ required: true, description: "The customer to subscribe." }),
    ...lineItemsProps("The recurring price to subscribe to."),
    trial_period_days: Property.Number({
      displayName: "Trial days",
      description: "Optional: days of free trial before the first charge (at most 730).",
      integer: true,
      min: 0,
      max: 730,
    }),
    payment_behavior: Property.StaticDropdown({
      displayName: "Payment behavior",
      description:
        "What happens when the first payment needs the customer (3D Secure) or fails. allow_incomplete (Stripe's default) creates the subscription as incomplete; default_incomplete always waits for the payment to be confirmed; error_if_incomplete fails instead; pending_if_incomplete applies to updates only.",
      options: [
        { label: "Allow incomplete", value: "allow_incomplete" },
        { label: "Default incomplete", value: "default_incomplete" },
        { label: "Error if incomplete", value: "error_if_incomplete" },
        { label: "Pending if incomplete", value: "pending_if_incomplete" },
      ],
    }),
    collection_method: Property.StaticDropdown({
      displayName: "Collection method",
      description:
        "charge_automatically (default) charges the payment method on file; send_invoice emails an invoice (then set Days until due).",
      options: [
        { label: "Charge automatically", value: "charge_automatically" },
        { label: "Send invoice", value: "send_invoice" },
      ],
    }),
    days_until_due: Property.Number({
      displayName: "Days until due",
      description: "With send_invoice: how many days the customer has to pay each invoice.",
      integer: true,
      min: 0,
    }),
    default_payment_method: Property.ShortText({
      displayName: "Default payment method",
      description:
        "Optional: the payment method (pm_...) to charge; it must belong to the customer.",
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: subscriptionSchema,
  sampleData: subscriptionFixture,
  async run(context) {
    const values = context.propsValue;
    const response = await context.http.post<StripeSubscription>(
      "/v1/subscriptions",
      {
        form: {
          customer: values.customer,
          items: lineItems(values),
          trial_period_days: values.trial_period_days,
          payment_behavior: values.payment_behavior,
          collection_method: values.collection_method,
          days_until_due: values.days_until_due,
          default_payment_method: values.default_payment_method,
          metadata: metadataForm(values.metadata),
        },
      },
      writeOptions(values.idempotency_key, context.signal),
    );
    return response.body;
  },
});
