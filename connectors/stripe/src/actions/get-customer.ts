import { createAction } from "@triggo/connector-sdk";
import customerFixture from "../__fixtures__/customer.json";
import { stripeAuth } from "../stripe-auth";
import { stripeId } from "../stripe-http";
import { customerProp } from "../stripe-props";
import { customerSchema, type StripeCustomer } from "../stripe-schemas";

/**
 * Retrieves a customer: GET /v1/customers/{customer}. A deleted customer comes back with
 * `deleted: true`; an unknown id fails with NOT_FOUND.
 */
export const getCustomer = createAction({
  name: "get_customer",
  displayName: "Get customer",
  description: "Retrieves a customer's details by ID.",
  auth: stripeAuth,
  props: { customer: customerProp({ required: true, description: "The customer to retrieve." }) },
  output: customerSchema,
  sampleData: customerFixture as StripeCustomer,
  async run(context) {
    const response = await context.http.get<StripeCustomer>(
      `/v1/customers/${stripeId(context.propsValue.customer)}`,
      { signal: context.signal },
    );
    return response.body;
  },
});
