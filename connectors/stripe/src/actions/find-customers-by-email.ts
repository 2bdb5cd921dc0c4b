import { createAction, Property } from "@triggo/connector-sdk";
import { collect } from "@triggo/shared";
import { z } from "zod";
import searchFixture from "../__fixtures__/customer-search.json";
import { stripeAuth } from "../stripe-auth";
import { searchString, searchStripeObjects } from "../stripe-http";
import { customerSchema, type StripeCustomer } from "../stripe-schemas";

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 1000;

const outputSchema = z.object({ data: z.array(customerSchema) });

/** What find_customers_by_email returns. */
export type StripeCustomerMatches = z.infer<typeof outputSchema>;

/**
 * Finds customers by exact email with the Search API: GET /v1/customers/search with
 * `query=email:'...'`, page after page (`next_page` sent back as `page`) up to the limit. Search
 * results can lag behind writes by about a minute, and Search is not available in India.
 */
export const findCustomersByEmail = createAction({
  name: "find_customers_by_email",
  displayName: "Find customers by email",
  description:
    "Finds the customers with exactly this email address (Stripe allows several). Customers created in the last minute may not be found yet.",
  auth: stripeAuth,
  props: {
    email: Property.ShortText({
      displayName: "Email",
      description: "The email address to look for (an exact match).",
      required: true,
    }),
    limit: Property.Number({
      displayName: "Limit",
      description: `The most customers to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).`,
      integer: true,
      min: 1,
      max: MAX_LIMIT,
      defaultValue: DEFAULT_LIMIT,
    }),
  },
  output: outputSchema,
  sampleData: { data: searchFixture.data as StripeCustomer[] },
  async run(context) {
    const email = context.propsValue.email.trim();
    const customers = searchStripeObjects<StripeCustomer>(context.http, "/v1/customers/search", {
      query: `email:${searchString(email)}`,
      limit: context.propsValue.limit,
      signal: context.signal,
    });
    return { data: await collect(customers) };
  },
});
