import { z } from "zod";

/**
 * Lenient schemas of the Stripe objects the actions return and the triggers emit: the fields a
 * workflow reads most are checked, every other field is kept as Stripe sent it.
 */

/** Any Stripe object: an `id` and its `object` type. */
export const stripeObjectSchema = z.looseObject({ id: z.string(), object: z.string() });

/** Metadata: string keys and values. */
const metadataSchema = z.record(z.string(), z.string()).nullish();

/** A customer (or a deleted customer, which keeps only `id`, `object` and `deleted`). */
export const customerSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  deleted: z.boolean().nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  description: z.string().nullish(),
  created: z.number().nullish(),
  livemode: z.boolean().nullish(),
  metadata: metadataSchema,
});

/** A customer, as the customer actions return it. */
export type StripeCustomer = z.infer<typeof customerSchema>;

/** An amount-bearing object's money fields: integer minor units and a lowercase ISO code. */
export const moneyFields = {
  currency: z.string().nullish(),
  metadata: metadataSchema,
  livemode: z.boolean().nullish(),
  created: z.number().nullish(),
};

/** A Stripe event (`evt_...`): what webhooks deliver and GET /v1/events lists. */
export const eventSchema = z.looseObject({
  id: z.string(),
  object: z.literal("event"),
  type: z.string(),
  created: z.number(),
  api_version: z.string().nullish(),
  livemode: z.boolean(),
  account: z.string().nullish(),
  data: z.looseObject({
    object: stripeObjectSchema,
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/** An event as Stripe delivers it to a webhook endpoint. */
export type StripeEvent = z.infer<typeof eventSchema>;
