import { type DropdownOption, type OptionsContext, Property } from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";
import { STRIPE_MAX_PAGE_SIZE, type StripeList, searchString, stripeQuery } from "./stripe-http";

/** Stripe's substring search (`~`) needs at least this many characters ("Search query language"). */
const MIN_SUBSTRING_SEARCH = 3;

const CONNECT_FIRST = {
  disabled: true,
  placeholder: "Connect a Stripe account first.",
  options: [],
};

interface CustomerSummary {
  id: string;
  name?: string | null;
  email?: string | null;
}

interface PriceSummary {
  id: string;
  nickname?: string | null;
  currency: string;
  unit_amount?: number | null;
  recurring?: { interval: string; interval_count: number } | null;
  product?: string | { id: string; name?: string | null; deleted?: boolean } | null;
}

function customerLabel(customer: CustomerSummary): string {
  const name = customer.name || customer.email || customer.id;
  return customer.name && customer.email ? `${name} (${customer.email})` : name;
}

/**
 * The account's customers, newest first: GET /v1/customers, or what the user typed as a Search
 * API substring match on name or email (GET /v1/customers/search).
 */
async function customerOptions({ auth, http, searchValue, signal }: OptionsContext) {
  if (!auth) return CONNECT_FIRST;
  const text = searchValue?.trim() ?? "";
  const response =
    text.length >= MIN_SUBSTRING_SEARCH
      ? await http.get<StripeList<CustomerSummary>>("/v1/customers/search", {
          query: {
            query: `name~${searchString(text)} OR email~${searchString(text)}`,
            limit: STRIPE_MAX_PAGE_SIZE,
          },
          signal,
        })
      : await http.get<StripeList<CustomerSummary>>("/v1/customers", {
          query: { limit: STRIPE_MAX_PAGE_SIZE },
          signal,
        });
  return {
    options: response.body.data.map(
      (customer): DropdownOption<string> => ({
        label: customerLabel(customer),
        value: customer.id,
      }),
    ),
  };
}

/** A customer prop: a dropdown of the account's customers, or a typed `cus_...` id. */
export function customerProp<const R extends boolean>(config: {
  required: R;
  description: string;
}) {
  return Property.Dropdown<string, R>({
    displayName: "Customer",
    description: `${config.description} Pick one, or type its ID (cus_...).`,
    required: config.required,
    options: customerOptions,
  });
}

interface ProductSummary {
  id: string;
  name: string;
}

/**
 * The account's active products: GET /v1/products, or what the user typed as a Search API
 * substring match on the name (GET /v1/products/search).
 */
async function productOptions({ auth, http, searchValue, signal }: OptionsContext) {
  if (!auth) return CONNECT_FIRST;
  const text = searchValue?.trim() ?? "";
  const response =
    text.length >= MIN_SUBSTRING_SEARCH
      ? await http.get<StripeList<ProductSummary>>("/v1/products/search", {
          query: {
            query: `active:'true' AND name~${searchString(text)}`,
            limit: STRIPE_MAX_PAGE_SIZE,
          },
          signal,
        })
      : await http.get<StripeList<ProductSummary>>("/v1/products", {
          query: { active: true, limit: STRIPE_MAX_PAGE_SIZE },
          signal,
        });
  return {
    options: response.body.data.map(
      (product): DropdownOption<string> => ({ label: product.name, value: product.id }),
    ),
  };
}

/** A product prop: a dropdown of the account's active products, or a typed `prod_...` id. */
export function productProp<const R extends boolean>(config: { required: R; description: string }) {
  return Property.Dropdown<string, R>({
    displayName: "Product",
    description: `${config.description} Pick one, or type its ID (prod_...).`,
    required: config.required,
    options: productOptions,
  });
}

/** `1,000.00 USD`: an amount in minor units, with the currency's own number of decimals. */
export function formatMinorUnits(amount: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: currency.toUpperCase(),
      currencyDisplay: "code",
    });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amount / 10 ** digits).replace(/\s/gu, " ");
  } catch {
    return `${amount} ${currency}`;
  }
}

function priceLabel(price: PriceSummary): string {
  const product =
    typeof price.product === "object" && price.product ? price.product.name : undefined;
  const name = [product, price.nickname].filter(Boolean).join(" · ") || price.id;
  const amount =
    price.unit_amount == null
      ? "custom amount"
      : formatMinorUnits(price.unit_amount, price.currency);
  const every = price.recurring
    ? ` / ${price.recurring.interval_count > 1 ? `${price.recurring.interval_count} ` : ""}${price.recurring.interval}`
    : "";
  return `${name}: ${amount}${every}`;
}

/**
 * The account's active prices with their products' names (GET /v1/prices, `expand[]=
 * data.product`). Stripe's price search has no name field, so what the user typed filters the
 * list by product name, nickname or id.
 */
async function priceOptions({ auth, http, searchValue, signal }: OptionsContext) {
  if (!auth) return CONNECT_FIRST;
  const response = await http.get<StripeList<PriceSummary>>("/v1/prices", {
    query: stripeQuery({ active: true, limit: STRIPE_MAX_PAGE_SIZE, expand: ["data.product"] }),
    signal,
  });
  const text = searchValue?.trim().toLowerCase() ?? "";
  return {
    options: response.body.data
      .map((price) => ({ label: priceLabel(price), value: price.id }))
      .filter(
        (option) =>
          text === "" ||
          option.label.toLowerCase().includes(text) ||
          option.value.toLowerCase().includes(text),
      ),
  };
}

/** A price prop: a dropdown of the account's active prices, or a typed `price_...` id. */
export function priceProp<const R extends boolean>(config: { required: R; description: string }) {
  return Property.Dropdown<string, R>({
    displayName: "Price",
    description: `${config.description} Pick one, or type its ID (price_...).`,
    required: config.required,
    options: priceOptions,
  });
}

/** Amount props: always integers in the currency's smallest unit. */
export function amountProp<const R extends boolean>(config: {
  displayName: string;
  required: R;
  description: string;
  min?: number;
}) {
  return Property.Number<R>({
    displayName: config.displayName,
    description: `${config.description} In the currency's smallest unit, as a whole number: 1000 is $10.00 in usd, and 1000 is ¥1000 in jpy (a zero-decimal currency).`,
    required: config.required,
    integer: true,
    min: config.min ?? 0,
  });
}

/** A three-letter ISO currency code; sent in lowercase, as Stripe documents it. */
export function currencyProp<const R extends boolean>(config: {
  required: R;
  description?: string;
}) {
  return Property.ShortText<R>({
    displayName: "Currency",
    description:
      config.description ??
      "Three-letter ISO currency code, e.g. usd or eur. It must be a currency Stripe supports for your account.",
    required: config.required,
  });
}

/** Lowercases a currency code, as Stripe expects it. */
export function currencyCode(value: string | undefined): string | undefined {
  const code = value?.trim().toLowerCase();
  return code ? code : undefined;
}

/** Metadata: key-value pairs Stripe stores on the object. */
export const metadataProp = Property.Json({
  displayName: "Metadata",
  description:
    'Key-value pairs to store on the object, e.g. { "order_id": "6735" }: up to 50 keys, keys up to 40 characters and values up to 500 characters.',
});

/** Checks metadata is an object of scalar values and sends every value as text. */
export function metadataForm(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConnectorError(
      "VALIDATION",
      '"metadata" must be a JSON object of keys to text values, e.g. { "order_id": "6735" }.',
    );
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([key, entry]) => {
    if (typeof entry === "object" && entry !== null) {
      throw new ConnectorError(
        "VALIDATION",
        `"metadata.${key}" must be text, a number or a boolean; Stripe keeps only flat key-value pairs.`,
      );
    }
    return [key, entry === null ? "" : String(entry)];
  });
  return Object.fromEntries(entries);
}

/** The caller's own idempotency key for a create action. */
export const idempotencyKeyProp = Property.ShortText({
  displayName: "Idempotency key",
  description:
    "Optional: a unique key (up to 255 characters) that makes retries of this step safe: Stripe returns the first result for 24 hours instead of creating a second object. Without one, a new key is made for each run (and kept across its automatic retries).",
});

/** One line of a Checkout Session, Payment Link or subscription: a price and a quantity. */
export type LineItem = {
  price: string;
  quantity: number;
};

/** The props of a list of line items: one price and quantity, and optionally more as JSON. */
export function lineItemsProps(description: string) {
  return {
    price: priceProp({ required: true, description }),
    quantity: Property.Number({
      displayName: "Quantity",
      description: "How many of this price. Default 1.",
      integer: true,
      min: 1,
      defaultValue: 1,
    }),
    additional_items: Property.Json({
      displayName: "More items",
      description:
        'Optional further items, as a JSON array: [{ "price": "price_...", "quantity": 2 }]. The quantity defaults to 1.',
    }),
  };
}

/** The line items: the first price and quantity, then the additional ones, checked. */
export function lineItems(values: {
  price: string;
  quantity?: number | undefined;
  additional_items?: unknown;
}): LineItem[] {
  const first = { price: values.price, quantity: values.quantity ?? 1 };
  const more = values.additional_items;
  if (more === undefined || more === null) return [first];
  if (!Array.isArray(more)) {
    throw new ConnectorError(
      "VALIDATION",
      '"additional_items" must be a JSON array such as [{ "price": "price_...", "quantity": 2 }].',
    );
  }
  return [
    first,
    ...more.map((item: unknown, index): LineItem => {
      const { price, quantity = 1 } = (item ?? {}) as { price?: unknown; quantity?: unknown };
      if (
        typeof price !== "string" ||
        price === "" ||
        !Number.isInteger(quantity) ||
        (quantity as number) < 1
      ) {
        throw new ConnectorError(
          "VALIDATION",
          `"additional_items[${index}]" needs a "price" ID and a whole "quantity" of at least 1.`,
        );
      }
      return { price, quantity: quantity as number };
    }),
  ];
}
