import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import invoiceFixture from "../__fixtures__/invoice.json";
import { stripeAuth } from "../stripe-auth";
import { stripeId } from "../stripe-http";
import { moneyFields } from "../stripe-schemas";

/** An invoice, as the invoice actions return it. */
export const invoiceSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  status: z.string().nullish(),
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  amount_due: z.number(),
  total: z.number().nullish(),
  number: z.string().nullish(),
  hosted_invoice_url: z.string().nullish(),
  invoice_pdf: z.string().nullish(),
  lines: z.looseObject({ data: z.array(z.looseObject({ id: z.string() })) }).nullish(),
  ...moneyFields,
});

/** An invoice. */
export type StripeInvoice = z.infer<typeof invoiceSchema>;

/** A finalized invoice from the documentation's example. */
export const finalizedInvoiceSample = {
  ...invoiceFixture,
  status: "open",
  number: "0759376C-0001",
  hosted_invoice_url:
    "https://invoice.stripe.com/i/acct_1M2JTkLkdIwHu7ix/test_YWNjdF8xTTJKVGtMa2RJd0h1N2l4",
  invoice_pdf:
    "https://pay.stripe.com/invoice/acct_1M2JTkLkdIwHu7ix/test_YWNjdF8xTTJKVGtMa2RJd0h1N2l4/pdf",
};

/** Finalizes a draft invoice: POST /v1/invoices/{invoice}/finalize. */
export const finalizeInvoice = createAction({
  name: "finalize_invoice",
  displayName: "Finalize invoice",
  description:
    "Finalizes a draft invoice so it can be paid: it gets its number, hosted page and PDF, and can no longer be edited.",
  auth: stripeAuth,
  props: {
    invoice: Property.ShortText({
      displayName: "Invoice",
      description: "The draft invoice to finalize (in_...).",
      required: true,
    }),
    auto_advance: Property.Checkbox({
      displayName: "Auto advance",
      description:
        "Let Stripe collect it automatically (charge or email it, and retry) after finalizing. Leave empty to keep the invoice's setting.",
    }),
  },
  output: invoiceSchema,
  sampleData: finalizedInvoiceSample,
  async run(context) {
    const { invoice, auto_advance } = context.propsValue;
    const response = await context.http.post<StripeInvoice>(
      `/v1/invoices/${stripeId(invoice)}/finalize`,
      { form: { auto_advance } },
      { signal: context.signal },
    );
    return response.body;
  },
});
