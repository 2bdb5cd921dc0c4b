import { HttpResponse, http } from "@triggo/testing";
import chargesFixture from "./__fixtures__/charges.json";
import checkoutSessionFixture from "./__fixtures__/checkout-session.json";
import customerFixture from "./__fixtures__/customer.json";
import customerSearchFixture from "./__fixtures__/customer-search.json";
import errorsFixture from "./__fixtures__/errors.json";
import invoiceFixture from "./__fixtures__/invoice.json";
import invoiceItemFixture from "./__fixtures__/invoice-item.json";
import paymentIntentFixture from "./__fixtures__/payment-intent.json";
import paymentLinkFixture from "./__fixtures__/payment-link.json";
import priceFixture from "./__fixtures__/price.json";
import pricesFixture from "./__fixtures__/prices.json";
import productFixture from "./__fixtures__/product.json";
import refundFixture from "./__fixtures__/refund.json";
import subscriptionFixture from "./__fixtures__/subscription.json";
import webhookEndpointFixture from "./__fixtures__/webhook-endpoint.json";
import { STRIPE_API_URL } from "./stripe-http";

/** The Stripe API's address for handlers: `api("/v1/customers")`. */
export const api = (path: string) => `${STRIPE_API_URL}${path}`;

/** The keys tests connect with (shaped like Stripe's, never real). */
export const TEST_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
export const TEST_ACCOUNT = "acct_1032D82eZvKYlo2C";

/** A documented Stripe error body, with the headers Stripe sends beside it. */
export function stripeErrorResponse(
  name: keyof typeof errorsFixture,
  status: number,
  headers: Record<string, string> = {},
) {
  return HttpResponse.json(errorsFixture[name], {
    status,
    headers: { "request-id": "req_test_8Ue1XLEP0Cdnqr", ...headers },
  });
}

/** A Stripe list page (`object: "list"`) of `items`, with `has_more`. */
export function stripeList<T>(path: string, items: readonly T[], hasMore = false) {
  return { object: "list", url: path, has_more: hasMore, data: items };
}

/**
 * A handler for a Stripe list over `items` (newest first), as Stripe pages it: `limit` of them
 * (10 by default) after the one whose id is `starting_after`.
 */
export function listHandler<T extends { id: string }>(path: string, items: readonly T[]) {
  return http.get(api(path), ({ request }) => {
    const query = new URL(request.url).searchParams;
    const limit = Number(query.get("limit") ?? 10);
    const after = query.get("starting_after");
    const start = after ? items.findIndex((item) => item.id === after) + 1 : 0;
    const page = items.slice(start, start + limit);
    return HttpResponse.json(stripeList(path, page, start + limit < items.length));
  });
}

const ok = (body: Record<string, unknown>) => () => HttpResponse.json(body);

/** The Stripe API as the API reference's examples answer it. */
export const stripeHandlers = [
  http.get(api("/v1/customers"), ok(stripeList("/v1/customers", [customerFixture]))),
  http.get(api("/v1/customers/search"), ok(customerSearchFixture)),
  http.post(api("/v1/customers"), ok(customerFixture)),
  http.get(api("/v1/customers/:id"), ok(customerFixture)),
  http.post(api("/v1/customers/:id"), ok(customerFixture)),
  http.post(api("/v1/payment_intents"), ok(paymentIntentFixture)),
  http.post(api("/v1/refunds"), ok(refundFixture)),
  http.get(api("/v1/products"), ok(stripeList("/v1/products", [productFixture]))),
  http.get(
    api("/v1/products/search"),
    ok({
      ...stripeList("/v1/products/search", [productFixture]),
      object: "search_result",
      next_page: null,
    }),
  ),
  http.post(api("/v1/products"), ok(productFixture)),
  http.get(api("/v1/prices"), ok(pricesFixture)),
  http.post(api("/v1/prices"), ok(priceFixture)),
  http.post(api("/v1/subscriptions"), ok(subscriptionFixture)),
  http.delete(api("/v1/subscriptions/:id"), ok({ ...subscriptionFixture, status: "canceled" })),
  http.post(api("/v1/invoices"), ok(invoiceFixture)),
  http.get(api("/v1/invoices/:id"), ok(invoiceFixture)),
  http.post(api("/v1/invoices/:id/finalize"), ok({ ...invoiceFixture, status: "open" })),
  http.post(api("/v1/invoiceitems"), ok(invoiceItemFixture)),
  http.post(api("/v1/checkout/sessions"), ok(checkoutSessionFixture)),
  http.post(api("/v1/payment_links"), ok(paymentLinkFixture)),
  http.get(api("/v1/charges"), ok(chargesFixture)),
  http.get(api("/v1/events"), ok(stripeList("/v1/events", []))),
  http.post(api("/v1/webhook_endpoints"), ok(webhookEndpointFixture)),
  http.delete(api("/v1/webhook_endpoints/:id"), ({ params }) =>
    HttpResponse.json({ id: params.id, object: "webhook_endpoint", deleted: true }),
  ),
];
