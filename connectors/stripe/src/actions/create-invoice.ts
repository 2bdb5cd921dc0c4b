import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import type { FormValue } from "@triggo/shared";
import invoiceFixture from "../__fixtures__/invoice.json";
import invoiceItemFixture from "../__fixtures__/invoice-item.json";
import { stripeAuth } from "../stripe-auth";
import { stripeId, writeOptions } from "../stripe-http";
import {
  currencyCode,
  customerProp,
  idempotencyKeyProp,
  metadataForm,
  metadataProp,
} from "../stripe-props";
import { finalizedInvoiceSample, invoiceSchema, type StripeInvoice } from "./finalize-invoice";

/** Stripe's limit of invoice items on one invoice ("Create an invoice item"). */
const MAX_LINES = 250;

function lineError(index: number, problem: string): ConnectorError {
  return new ConnectorError(
    "VALIDATION",
    `"lines[${index}]" ${problem}: give { "price": "price_...", "quantity": 1 } or { "amount": 1000, "currency": "usd", "description": "..." }.`,
  );
}

/**
 * One line as an invoice item's fields: a price (`pricing[price]`, the current parameter) and a
 * quantity, or an amount in minor units with a currency and a description.
 */
function invoiceItemFields(line: unknown, index: number): Record<string, FormValue> {
  if (typeof line !== "object" || line === null || Array.isArray(line)) {
    throw lineError(index, "must be an object");
  }
  const { price, quantity, amount, currency, description } = line as Record<string, unknown>;
  if (quantity !== undefined && (!Number.isInteger(quantity) || (quantity as number) < 1)) {
    throw lineError(index, "has a quantity that is not a whole number of at least 1");
  }
  if (typeof price === "string" && price !== "") {
    return {
      pricing: { price },
      quantity: quantity as number | undefined,
      description: description as string | undefined,
    };
  }
  if (Number.isInteger(amount) && typeof currency === "string" && currency !== "") {
    return {
      amount: amount as number,
      currency: currencyCode(currency),
      description: description as string | undefined,
    };
  }
  throw lineError(index, "needs a price, or an amount (whole minor units) and a currency");
}

/**
 * Creates an invoice with its lines: POST /v1/invoices (a draft for the customer), then one
 * POST /v1/invoiceitems per line with `invoice` set to the draft (Stripe's documented way to add
 * lines to a draft invoice), then, if asked, POST /v1/invoices/{invoice}/finalize; otherwise the
 * draft is read back (GET /v1/invoices/{invoice}) so its totals include the lines. With an
 * idempotency key, each step gets its own key derived from it, so a rerun repeats nothing.
 */
export const createInvoice = createAction({
  name: "create_invoice",
  displayName: "Create invoice",
  description:
    "Creates an invoice for a customer with one or more lines (prices or custom amounts), and optionally finalizes it so it can be paid.",
  auth: stripeAuth,
  props: {
    customer: customerProp({ required: true, description: "The customer to invoice." }),
    lines: Property.Json({
      displayName: "Lines",
      description:
        'The invoice lines, as a JSON array: [{ "price": "price_...", "quantity": 2 }] or [{ "amount": 1000, "currency": "usd", "description": "Setup fee" }] (amounts in the smallest currency unit: 1000 is $10.00). Up to 250 lines.',
      required: true,
    }),
    description: Property.LongText({
      displayName: "Memo",
      description: "A memo shown on the invoice.",
    }),
    collection_method: Property.StaticDropdown({
      displayName: "Collection method",
      description:
        "charge_automatically (default) charges the customer's default payment method; send_invoice emails the invoice for the customer to pay (then set Days until due).",
      options: [
        { label: "Charge automatically", value: "charge_automatically" },
        { label: "Send invoice", value: "send_invoice" },
      ],
    }),
    days_until_due: Property.Number({
      displayName: "Days until due",
      description: "With send_invoice: how many days the customer has to pay.",
      integer: true,
      min: 0,
    }),
    finalize: Property.Checkbox({
      displayName: "Finalize",
      description:
        "Finalize the invoice after adding the lines, so it gets a number and can be paid. Default false (it stays a draft).",
      defaultValue: false,
    }),
    metadata: metadataProp,
    idempotency_key: idempotencyKeyProp,
  },
  output: invoiceSchema,
  sampleData: {
    ...finalizedInvoiceSample,
    amount_due: invoiceItemFixture.amount,
    subtotal: invoiceItemFixture.amount,
    total: invoiceItemFixture.amount,
    lines: {
      ...invoiceFixture.lines,
      data: [
        {
          id: "il_1MtGUtLkdIwHu7ixBYwjAM00",
          object: "line_item",
          amount: 1099,
          currency: "usd",
          description: "T-shirt",
        },
      ],
      total_count: 1,
    },
  },
  async run(context) {
    const values = context.propsValue;
    if (
      !Array.isArray(values.lines) ||
      values.lines.length === 0 ||
      values.lines.length > MAX_LINES
    ) {
      throw new ConnectorError(
        "VALIDATION",
        `"lines" must be a JSON array of 1 to ${MAX_LINES} lines.`,
      );
    }
    const items = values.lines.map(invoiceItemFields);
    const key = values.idempotency_key?.trim();
    const step = (name: string) => writeOptions(key ? `${key}:${name}` : undefined, context.signal);

    const draft = await context.http.post<StripeInvoice>(
      "/v1/invoices",
      {
        form: {
          customer: values.customer,
          description: values.description,
          collection_method: values.collection_method,
          days_until_due: values.days_until_due,
          metadata: metadataForm(values.metadata),
        },
      },
      step("invoice"),
    );
    const invoiceId = draft.body.id;
    for (const [index, fields] of items.entries()) {
      await context.http.post(
        "/v1/invoiceitems",
        { form: { customer: values.customer, invoice: invoiceId, ...fields } },
        step(`item-${index}`),
      );
    }
    const path = `/v1/invoices/${stripeId(invoiceId)}`;
    const result = values.finalize
      ? await context.http.post<StripeInvoice>(`${path}/finalize`, undefined, step("finalize"))
      : await context.http.get<StripeInvoice>(path, { signal: context.signal });
    return result.body;
  },
});
