import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import priceFixture from "../__fixtures__/price.json";
import { stripeAuth } from "../stripe-auth";
import { writeOptions } from "../stripe-http";
import {
  amountProp,
  currencyCode,
  currencyProp,
  idempotencyKeyProp,
  metadataForm,
  metadataProp,
  productProp,
} from "../stripe-props";
import { moneyFields } from "../stripe-schemas";

const priceSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  active: z.boolean(),
  type: z.string(),
  unit_amount: z.number().nullish(),
  product: z.union([z.string(), z.looseObject({ id: z.string() })]),
  recurring: z.looseObject({ interval: z.string(), interval_count: z.number() }).nullish(),
  ...moneyFields,
});

/** A price, as POST /v1/prices returns it. */
export type StripePrice = z.infer<typeof priceSchema>;

/**
 * Creates a price for a product: POST /v1/prices, one-time or recurring
 * (`recurring[interval]`, `recurring[interval_count]`).
 */
export const createPrice = createAction({
  name: "create_price",
  displayName: "Create price",
  description:
    "Creates a one-time or recurring price for a product: an amount in a currency, optionally billed every day, week, month or year.",
  auth: stripeAuth,
  props: {
    product: productProp({
      required: true,
      description: "The product this price is for, e.g. from Create product.",
    }),
    unit_amount: amountProp({
      displayName: "Unit amount",
      required: true,
      description: "The price of one unit (0 for a free price).",
    }),
    currency: currencyProp({ required: true }),
    interval: Property.StaticDropdown({
      displayName: "Billing interval",
      description:
        "For a recurring price: how often it is billed. Leave empty for a one-time price.",
      options: [
        { label: "Day", value: "day" },
        { label: "Week", value: "week" },
        { label: "Month", value: "month" },
        { label: "Year", value: "year" },
      ],
    }),
    interval_count: Property.Number({
      displayName: "Intervals between bills",
      description:
        "For a recurring price: bill every this many intervals, e.g. 3 with Month for quarterly (at most one year, e.g. 12 months or 52 weeks). Default 1.",
      integer: true,
      min: 1,
    }),
    nickname: Property.ShortText({
      displayName: "Nickname",
      description: "An internal name for the price, not shown to customers.",
    }),
    lookup_key: Property.ShortText({
      displayName: "Lookup key",
      description: "Optional: a stable key to find this price by later (up to 200 characters).",
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: priceSchema,
  sampleData: priceFixture,
  async run(context) {
    const values = context.propsValue;
    const recurring = values.interval
      ? { interval: values.interval, interval_count: values.interval_count }
      : undefined;
    const response = await context.http.post<StripePrice>(
      "/v1/prices",
      {
        form: {
          product: values.product.trim(),
          unit_amount: values.unit_amount,
          currency: currencyCode(values.currency),
          recurring,
          nickname: values.nickname,
          lookup_key: values.lookup_key,
          metadata: metadataForm(values.metadata),
        },
      },
      writeOptions(values.idempotency_key, context.signal),
    );
    return response.body;
  },
});
