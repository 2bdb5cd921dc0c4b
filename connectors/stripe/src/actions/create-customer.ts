import { createAction, Property } from "@triggo/connector-sdk";
import customerFixture from "../__fixtures__/customer.json";
import { stripeAuth } from "../stripe-auth";
import { writeOptions } from "../stripe-http";
import { idempotencyKeyProp, metadataForm, metadataProp } from "../stripe-props";
import { customerSchema, type StripeCustomer } from "../stripe-schemas";

/** The fields create_customer and update_customer both send. */
export const customerFieldsProps = {
  name: Property.ShortText({
    displayName: "Name",
    description: "The customer's full name or business name.",
  }),
  email: Property.ShortText({
    displayName: "Email",
    description: "The customer's email address (up to 512 characters).",
  }),
  phone: Property.ShortText({
    displayName: "Phone",
    description: "The customer's phone number.",
  }),
  description: Property.LongText({
    displayName: "Description",
    description: "An internal note about the customer, shown in the Dashboard.",
  }),
  metadata: metadataProp,
};

/** The form body of those fields; left-out props are not sent. */
export function customerFieldsForm(values: {
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  description?: string | undefined;
  metadata?: unknown;
}) {
  return {
    name: values.name,
    email: values.email,
    phone: values.phone,
    description: values.description,
    metadata: metadataForm(values.metadata),
  };
}

/** Creates a customer: POST /v1/customers. */
export const createCustomer = createAction({
  name: "create_customer",
  displayName: "Create customer",
  description: "Creates a customer with a name, email, phone, description and metadata.",
  auth: stripeAuth,
  props: { ...customerFieldsProps, idempotency_key: idempotencyKeyProp },
  output: customerSchema,
  sampleData: customerFixture as StripeCustomer,
  async run(context) {
    const response = await context.http.post<StripeCustomer>(
      "/v1/customers",
      { form: customerFieldsForm(context.propsValue) },
      writeOptions(context.propsValue.idempotency_key, context.signal),
    );
    return response.body;
  },
});
