import { createAction, Property } from "@triggo/connector-sdk";
import { collect } from "@triggo/shared";
import { z } from "zod";
import chargesFixture from "../__fixtures__/charges.json";
import { stripeAuth } from "../stripe-auth";
import { listStripeObjects, toUnixSeconds } from "../stripe-http";
import { customerProp } from "../stripe-props";
import { moneyFields } from "../stripe-schemas";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

const chargeSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  amount: z.number(),
  amount_refunded: z.number().nullish(),
  status: z.string(),
  paid: z.boolean().nullish(),
  refunded: z.boolean().nullish(),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  payment_intent: z.string().nullish(),
  ...moneyFields,
});

const outputSchema = z.object({ data: z.array(chargeSchema) });

/** What list_charges returns: the charges, newest first. */
export type StripeChargeList = z.infer<typeof outputSchema>;

/**
 * Lists charges, newest first: GET /v1/charges with the customer and `created[gte]`/`created[lte]`
 * filters, page after page (`starting_after` the last charge while `has_more`) up to the limit.
 */
export const listCharges = createAction({
  name: "list_charges",
  displayName: "List charges",
  description:
    "Lists charges (payments), newest first, optionally for one customer and within a time range, up to a limit.",
  auth: stripeAuth,
  props: {
    customer: customerProp({ required: false, description: "Only this customer's charges." }),
    created_after: Property.DateTime({
      displayName: "Created at or after",
      description: "Only charges created at or after this time (to the second).",
    }),
    created_before: Property.DateTime({
      displayName: "Created at or before",
      description: "Only charges created at or before this time (to the second).",
    }),
    limit: Property.Number({
      displayName: "Limit",
      description: `The most charges to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).`,
      integer: true,
      min: 1,
      max: MAX_LIMIT,
      defaultValue: DEFAULT_LIMIT,
    }),
  },
  output: outputSchema,
  sampleData: { data: chargesFixture.data },
  async run(context) {
    const { customer, created_after, created_before } = context.propsValue;
    const charges = listStripeObjects<z.infer<typeof chargeSchema>>(context.http, "/v1/charges", {
      query: {
        customer,
        created: {
          gte: created_after === undefined ? undefined : toUnixSeconds(created_after),
          lte: created_before === undefined ? undefined : toUnixSeconds(created_before),
        },
      },
      limit: context.propsValue.limit,
      signal: context.signal,
    });
    return { data: await collect(charges) };
  },
});
