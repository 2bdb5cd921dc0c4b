import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import paymentIntentFixture from "../__fixtures__/payment-intent.json";
import { stripeAuth } from "../stripe-auth";
import { writeOptions } from "../stripe-http";
import {
  amountProp,
  currencyCode,
  currencyProp,
  customerProp,
  idempotencyKeyProp,
  metadataForm,
  metadataProp,
} from "../stripe-props";
import { moneyFields } from "../stripe-schemas";

const paymentIntentSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  amount: z.number(),
  status: z.string(),
  client_secret: z.string().nullish(),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  payment_method_types: z.array(z.string()).nullish(),
  ...moneyFields,
});

/** A PaymentIntent, as POST /v1/payment_intents returns it. */
export type StripePaymentIntent = z.infer<typeof paymentIntentSchema>;

/**
 * Creates a PaymentIntent: POST /v1/payment_intents. Payment methods come from the Dashboard
 * settings (`automatic_payment_methods[enabled]=true`) unless `allowed_payment_method_types`
 * narrows them: on the pinned API version `payment_method_types` can no longer be written, and
 * the two parameters exclude each other.
 */
export const createPaymentIntent = createAction({
  name: "create_payment_intent",
  displayName: "Create payment intent",
  description:
    "Creates a PaymentIntent to collect a payment of an amount in a currency, optionally for a customer, and optionally confirms it at once with a saved payment method.",
  auth: stripeAuth,
  props: {
    amount: amountProp({
      displayName: "Amount",
      required: true,
      min: 1,
      description: "How much to collect (Stripe's minimum is about $0.50 or its equivalent).",
    }),
    currency: currencyProp({ required: true }),
    customer: customerProp({
      required: false,
      description:
        "The customer this payment belongs to (needed to save or reuse a payment method).",
    }),
    description: Property.LongText({
      displayName: "Description",
      description: "An arbitrary description shown in the Dashboard and on receipts.",
    }),
    receipt_email: Property.ShortText({
      displayName: "Receipt email",
      description: "Where Stripe sends the receipt once the payment succeeds (live mode only).",
    }),
    allowed_payment_method_types: Property.Array({
      displayName: "Allowed payment method types",
      description:
        "Optional: only these payment method types, e.g. card or us_bank_account (Stripe drops any that do not fit the amount, currency or customer). Leave empty to offer the methods enabled in your Dashboard.",
      items: Property.ShortText({
        displayName: "Type",
        description: "A payment method type, e.g. card.",
      }),
    }),
    capture_method: Property.StaticDropdown({
      displayName: "Capture method",
      description:
        "automatic captures the funds when the customer authorizes the payment; manual only places a hold to capture later.",
      options: [
        { label: "Automatic", value: "automatic" },
        { label: "Automatic (async)", value: "automatic_async" },
        { label: "Manual", value: "manual" },
      ],
    }),
    payment_method: Property.ShortText({
      displayName: "Payment method",
      description:
        "Optional: the ID of a payment method (pm_...) to charge, usually one saved on the customer.",
    }),
    confirm: Property.Checkbox({
      displayName: "Confirm now",
      description:
        "Confirm the payment at once with the payment method above. A payment method that may redirect (3D Secure, bank redirects) also needs a return URL.",
      defaultValue: false,
    }),
    return_url: Property.ShortText({
      displayName: "Return URL",
      description: "Where the customer returns after a redirect when the payment is confirmed now.",
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: paymentIntentSchema,
  sampleData: paymentIntentFixture,
  async run(context) {
    const values = context.propsValue;
    const allowed = (values.allowed_payment_method_types ?? [])
      .map((type) => type.trim())
      .filter(Boolean);
    if (values.confirm && !values.payment_method) {
      throw new ConnectorError(
        "VALIDATION",
        '"confirm" needs a "payment_method" to confirm the payment with.',
      );
    }
    const response = await context.http.post<StripePaymentIntent>(
      "/v1/payment_intents",
      {
        form: {
          amount: values.amount,
          currency: currencyCode(values.currency),
          customer: values.customer,
          description: values.description,
          receipt_email: values.receipt_email,
          ...(allowed.length > 0
            ? { allowed_payment_method_types: allowed }
            : { automatic_payment_methods: { enabled: true } }),
          capture_method: values.capture_method,
          payment_method: values.payment_method,
          confirm: values.confirm ? true : undefined,
          return_url: values.return_url,
          metadata: metadataForm(values.metadata),
        },
      },
      writeOptions(values.idempotency_key, context.signal),
    );
    return response.body;
  },
});
