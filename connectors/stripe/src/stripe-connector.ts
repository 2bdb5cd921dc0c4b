import { createConnector, createCustomApiCallAction } from "@triggo/connector-sdk";
import { version } from "../package.json";
import customerFixture from "./__fixtures__/customer.json";
import { cancelSubscription } from "./actions/cancel-subscription";
import { createCheckoutSession } from "./actions/create-checkout-session";
import { createCustomer } from "./actions/create-customer";
import { createInvoice } from "./actions/create-invoice";
import { createPaymentIntent } from "./actions/create-payment-intent";
import { createPaymentLink } from "./actions/create-payment-link";
import { createPrice } from "./actions/create-price";
import { createProduct } from "./actions/create-product";
import { createRefund } from "./actions/create-refund";
import { createSubscription } from "./actions/create-subscription";
import { finalizeInvoice } from "./actions/finalize-invoice";
import { findCustomersByEmail } from "./actions/find-customers-by-email";
import { getCustomer } from "./actions/get-customer";
import { listCharges } from "./actions/list-charges";
import { updateCustomer } from "./actions/update-customer";
import { stripeAuth, stripeHeaders } from "./stripe-auth";
import { classifyStripeResponse, STRIPE_API_URL } from "./stripe-http";
import { anyEvent } from "./triggers/any-event";
import { chargeRefunded } from "./triggers/charge-refunded";
import { checkoutSessionCompleted } from "./triggers/checkout-session-completed";
import { invoicePaid } from "./triggers/invoice-paid";
import { newCustomer } from "./triggers/new-customer";
import { newEventPolling } from "./triggers/new-event-polling";
import { newSubscription } from "./triggers/new-subscription";
import { paymentFailed } from "./triggers/payment-failed";
import { paymentSucceeded } from "./triggers/payment-succeeded";
import { subscriptionCanceled } from "./triggers/subscription-canceled";

/**
 * Stripe: customers, payments, refunds, products and prices, subscriptions, invoices, Checkout
 * and Payment Links, and triggers on Stripe events by webhook or polling. Every request pins
 * `Stripe-Version`, sends form bodies in Stripe's bracket notation, and every POST carries an
 * `Idempotency-Key` that stays the same across its retries.
 */
export const stripe = createConnector({
  name: "stripe",
  displayName: "Stripe",
  description:
    "Take payments and manage customers, subscriptions and invoices in Stripe, and start workflows on Stripe events.",
  version,
  auth: stripeAuth,
  website: "https://docs.stripe.com/api",
  categories: ["payments", "billing"],
  http: {
    baseUrl: STRIPE_API_URL,
    authenticate: (auth) => ({ type: "bearer", token: auth.apiKey.trim() }),
    headers: (auth) => stripeHeaders(auth),
    classify: classifyStripeResponse,
    autoIdempotencyKey: true,
  },
  actions: [
    createCustomer,
    updateCustomer,
    getCustomer,
    findCustomersByEmail,
    createPaymentIntent,
    createRefund,
    createProduct,
    createPrice,
    createSubscription,
    cancelSubscription,
    createInvoice,
    finalizeInvoice,
    createCheckoutSession,
    createPaymentLink,
    listCharges,
    createCustomApiCallAction({
      auth: stripeAuth,
      apiName: "the Stripe API",
      bodyEncoding: "form",
      sampleData: {
        status: 200,
        headers: { "content-type": "application/json" },
        body: customerFixture,
      },
    }),
  ],
  triggers: [
    paymentSucceeded,
    paymentFailed,
    newCustomer,
    newSubscription,
    subscriptionCanceled,
    invoicePaid,
    chargeRefunded,
    checkoutSessionCompleted,
    anyEvent,
    newEventPolling,
  ],
});
