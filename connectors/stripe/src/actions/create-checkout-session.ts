import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import checkoutSessionFixture from "../__fixtures__/checkout-session.json";
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

const checkoutSessionSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  mode: z.string(),
  status: z.string().nullish(),
  payment_status: z.string().nullish(),
  url: z.string().nullish(),
  amount_total: z.number().nullish(),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  ...moneyFields,
});

/** A Checkout Session, as POST /v1/checkout/sessions returns it. */
export type StripeCheckoutSession = z.infer<typeof checkoutSessionSchema>;

/**
 * Creates a Stripe-hosted Checkout page: POST /v1/checkout/sessions with `mode`,
 * `line_items[n][price]`, `line_items[n][quantity]` and the return URLs. Payment methods come
 * from the Dashboard (on the pinned API version `payment_method_types` is gone).
 */
export const createCheckoutSession = createAction({
  name: "create_checkout_session",
  displayName: "Create checkout session",
  description:
    "Creates a Stripe-hosted checkout page for one or more prices, for a one-time payment or a subscription, and returns its URL to send the customer to.",
  auth: stripeAuth,
  props: {
    mode: Property.StaticDropdown({
      displayName: "Mode",
      description: "payment for one-time prices, subscription when any price is recurring.",
      required: true,
      defaultValue: "payment",
      options: [
        { label: "Payment", value: "payment" },
        { label: "Subscription", value: "subscription" },
      ],
    }),
    ...lineItemsProps("The price to sell."),
    success_url: Property.ShortText({
      displayName: "Success URL",
      description:
        "Where Stripe sends the customer after they pay. {CHECKOUT_SESSION_ID} in it is replaced with the session's ID.",
      required: true,
    }),
    cancel_url: Property.ShortText({
      displayName: "Cancel URL",
      description: "Where Stripe sends the customer if they go back instead of paying.",
    }),
    customer: customerProp({
      required: false,
      description:
        "An existing customer to attach the payment to (otherwise Checkout collects an email).",
    }),
    customer_email: Property.ShortText({
      displayName: "Customer email",
      description: "Prefills the email field when no customer is given.",
    }),
    client_reference_id: Property.ShortText({
      displayName: "Client reference ID",
      description:
        "Your own reference for this checkout (an order or cart ID), returned in the session and its events.",
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: checkoutSessionSchema,
  sampleData: checkoutSessionFixture,
  async run(context) {
    const values = context.propsValue;
    if (values.customer && values.customer_email) {
      throw new ConnectorError("VALIDATION", 'Give "customer" or "customer_email", not both.');
    }
    const response = await context.http.post<StripeCheckoutSession>(
      "/v1/checkout/sessions",
      {
        form: {
          mode: values.mode,
          line_items: lineItems(values),
          success_url: values.success_url,
          cancel_url: values.cancel_url,
          customer: values.customer,
          customer_email: values.customer_email,
          client_reference_id: values.client_reference_id,
          metadata: metadataForm(values.metadata),
        },
      },
      writeOptions(values.idempotency_key, context.signal),
    );
    return response.body;
  },
});
