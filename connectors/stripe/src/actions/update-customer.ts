import { createAction } from "@triggo/connector-sdk";
import customerFixture from "../__fixtures__/customer.json";
import { stripeAuth } from "../stripe-auth";
import { stripeId } from "../stripe-http";
import { customerProp } from "../stripe-props";
import { customerSchema, type StripeCustomer } from "../stripe-schemas";
import { customerFieldsForm, customerFieldsProps } from "./create-customer";

/**
 * Updates a customer: POST /v1/customers/{customer}. Only the props given are sent; an empty
 * text clears a field, and a metadata key set to "" is removed.
 */
export const updateCustomer = createAction({
  name: "update_customer",
  displayName: "Update customer",
  description:
    "Changes a customer's name, email, phone, description or metadata; props left empty are not changed.",
  auth: stripeAuth,
  props: {
    customer: customerProp({ required: true, description: "The customer to update." }),
    ...customerFieldsProps,
  },
  output: customerSchema,
  sampleData: customerFixture as StripeCustomer,
  async run(context) {
    const response = await context.http.post<StripeCustomer>(
      `/v1/customers/${stripeId(context.propsValue.customer)}`,
      { form: customerFieldsForm(context.propsValue) },
      { signal: context.signal },
    );
    return response.body;
  },
});
