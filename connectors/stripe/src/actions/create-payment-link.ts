import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import paymentLinkFixture from "../__fixtures__/payment-link.json";
import { stripeAuth } from "../stripe-auth";
import { writeOptions } from "../stripe-http";
import {
  idempotencyKeyProp,
  lineItems,
  lineItemsProps,
  metadataForm,
  metadataProp,
} from "../stripe-props";

const paymentLinkSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  active: z.boolean(),
  url: z.string(),
  currency: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

/** A Payment Link, as POST /v1/payment_links returns it. */
export type StripePaymentLink = z.infer<typeof paymentLinkSchema>;

/**
 * Creates a shareable payment page: POST /v1/payment_links with `line_items[n][price]` and
 * `line_items[n][quantity]`, and optionally `after_completion[type]=redirect`.
 */
export const createPaymentLink = createAction({
  name: "create_payment_link",
  displayName: "Create payment link",
  description:
    "Creates a reusable payment link for one or more prices: a URL anyone can open to pay, as often as you share it.",
  auth: stripeAuth,
  props: {
    ...lineItemsProps("The price to sell."),
    redirect_url: Property.ShortText({
      displayName: "Redirect URL",
      description:
        "Optional: where to send the customer after paying, instead of Stripe's confirmation page. {CHECKOUT_SESSION_ID} is replaced with the session's ID.",
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: paymentLinkSchema,
  sampleData: paymentLinkFixture,
  async run(context) {
    const values = context.propsValue;
    const redirect = values.redirect_url?.trim();
    const response = await context.http.post<StripePaymentLink>(
      "/v1/payment_links",
      {
        form: {
          line_items: lineItems(values),
          ...(redirect
            ? { after_completion: { type: "redirect", redirect: { url: redirect } } }
            : {}),
          metadata: metadataForm(values.metadata),
        },
      },
      writeOptions(values.idempotency_key, context.signal),
    );
    return response.body;
  },
});
