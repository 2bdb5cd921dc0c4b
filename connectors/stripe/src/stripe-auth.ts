import { ConnectorAuth, Property } from "@triggo/connector-sdk";
import { STRIPE_API_VERSION } from "./stripe-http";

/**
 * A Stripe secret key (`sk_...`) or restricted key (`rk_...`), sent as `Authorization: Bearer`,
 * and optionally a connected account (`acct_...`) to act as, sent as `Stripe-Account` (Connect:
 * "Making API calls for connected accounts").
 *
 * It is checked with `GET /v1/customers?limit=1`: a call every feature of the connector needs
 * anyway (customers read), which a restricted key made for it has. `GET /v1/balance` would need
 * the Balance permission, which such a key often lacks.
 */
export const stripeAuth = ConnectorAuth.CustomAuth({
  displayName: "Stripe API key",
  description:
    "A secret key (sk_live_... or sk_test_...) or a restricted key (rk_...), and optionally a connected account to act for.",
  props: {
    apiKey: Property.ShortText({
      displayName: "Secret or restricted key",
      description:
        "In the Stripe Dashboard, open Developers > API keys and copy the secret key (sk_...), or create a restricted key (rk_...) with write access to Customers, Payment Intents, Refunds, Products, Prices, Subscriptions, Invoices, Checkout Sessions, Payment Links and Webhook Endpoints, and read access to Charges and Events. Use a test-mode key (sk_test_...) to try things out.",
      required: true,
    }),
    accountId: Property.ShortText({
      displayName: "Connected account ID",
      description:
        "Optional, for Stripe Connect platforms: the connected account to act as (acct_...), sent as the Stripe-Account header on every request. Leave empty to use your own account.",
    }),
  },
  async validate({ http, signal }) {
    await http.get("/v1/customers", { query: { limit: 1 }, signal });
  },
});

/** The credentials as `context.auth` holds them. */
export interface StripeAuthValue {
  apiKey: string;
  accountId?: string | undefined;
}

/** The connected account to act as (`acct_...`), or undefined for the key's own account. */
export function connectedAccount(auth: StripeAuthValue): string | undefined {
  return auth.accountId?.trim() || undefined;
}

/** The headers every request carries: the pinned API version, and the connected account if any. */
export function stripeHeaders(auth: StripeAuthValue): Record<string, string> {
  const accountId = connectedAccount(auth);
  return {
    "Stripe-Version": STRIPE_API_VERSION,
    ...(accountId ? { "Stripe-Account": accountId } : {}),
  };
}
