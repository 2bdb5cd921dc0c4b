import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import productFixture from "../__fixtures__/product.json";
import { stripeAuth } from "../stripe-auth";
import { writeOptions } from "../stripe-http";
import { idempotencyKeyProp, metadataForm, metadataProp } from "../stripe-props";

const productSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  name: z.string(),
  active: z.boolean(),
  description: z.string().nullish(),
  default_price: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

/** A product, as POST /v1/products returns it. */
export type StripeProduct = z.infer<typeof productSchema>;

/** Creates a product: POST /v1/products. Prices are created for it with create_price. */
export const createProduct = createAction({
  name: "create_product",
  displayName: "Create product",
  description: "Creates a product (a good or service you sell); give it prices with Create price.",
  auth: stripeAuth,
  props: {
    name: Property.ShortText({
      displayName: "Name",
      description: "The product's name, shown to customers on invoices, receipts and Checkout.",
      required: true,
    }),
    description: Property.LongText({
      displayName: "Description",
      description: "The product's description, shown to customers.",
    }),
    active: Property.Checkbox({
      displayName: "Active",
      description: "Whether the product can be bought. Default true.",
    }),
    url: Property.ShortText({
      displayName: "URL",
      description: "A publicly accessible web page for the product.",
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: productSchema,
  sampleData: productFixture,
  async run(context) {
    const { name, description, active, url, metadata } = context.propsValue;
    const response = await context.http.post<StripeProduct>(
      "/v1/products",
      { form: { name, description, active, url, metadata: metadataForm(metadata) } },
      writeOptions(context.propsValue.idempotency_key, context.signal),
    );
    return response.body;
  },
});
