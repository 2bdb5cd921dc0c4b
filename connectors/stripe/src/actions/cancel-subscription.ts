import { createAction, Property } from "@triggo/connector-sdk";
import subscriptionFixture from "../__fixtures__/subscription.json";
import { stripeAuth } from "../stripe-auth";
import { stripeId, stripeQuery } from "../stripe-http";
import { type StripeSubscription, subscriptionSchema } from "./create-subscription";

const canceledSample = {
  ...subscriptionFixture,
  status: "canceled",
  canceled_at: 1679609900,
  ended_at: 1679609900,
  cancellation_details: { comment: null, feedback: null, reason: "cancellation_requested" },
};

/**
 * Cancels a subscription at once: DELETE /v1/subscriptions/{subscription} ("Cancel a
 * subscription"), its parameters in the query string as Stripe's libraries send them for DELETE.
 */
export const cancelSubscription = createAction({
  name: "cancel_subscription",
  displayName: "Cancel subscription",
  description:
    "Cancels a subscription immediately: the customer is not charged again. Optionally bills pending usage and prorations now.",
  auth: stripeAuth,
  props: {
    subscription: Property.ShortText({
      displayName: "Subscription",
      description: "The subscription to cancel (sub_...).",
      required: true,
    }),
    invoice_now: Property.Checkbox({
      displayName: "Invoice now",
      description:
        "Create a final invoice now for un-invoiced metered usage and pending prorations.",
    }),
    prorate: Property.Checkbox({
      displayName: "Prorate",
      description: "Credit the unused time until the end of the current period.",
    }),
    feedback: Property.StaticDropdown({
      displayName: "Feedback",
      description: "The customer's reason for canceling, kept on the subscription.",
      options: [
        { label: "Customer service", value: "customer_service" },
        { label: "Low quality", value: "low_quality" },
        { label: "Missing features", value: "missing_features" },
        { label: "Switched service", value: "switched_service" },
        { label: "Too complex", value: "too_complex" },
        { label: "Too expensive", value: "too_expensive" },
        { label: "Unused", value: "unused" },
        { label: "Other", value: "other" },
      ],
    }),
    comment: Property.LongText({
      displayName: "Comment",
      description: "Additional comments about why the customer canceled.",
    }),
  },
  output: subscriptionSchema,
  sampleData: canceledSample,
  async run(context) {
    const { subscription, invoice_now, prorate, feedback, comment } = context.propsValue;
    const response = await context.http.delete<StripeSubscription>(
      `/v1/subscriptions/${stripeId(subscription)}`,
      {
        query: stripeQuery({
          invoice_now,
          prorate,
          cancellation_details: { feedback, comment },
        }),
        signal: context.signal,
      },
    );
    return response.body;
  },
});
