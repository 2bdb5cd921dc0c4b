import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import invoiceFixture from "../__fixtures__/invoice.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };
const invoiceId = invoiceFixture.id;

describe("create_invoice", () => {
  const mock = useMockApi(...stripeHandlers);

  it("creates a draft, adds each line as an invoice item on it, then finalizes it", async () => {
    await expect(
      runAction(stripe, "create_invoice", {
        auth,
        props: {
          customer: "cus_NeZwdNtLEOXuvB",
          lines: [
            { price: "price_1MtGUsLkdIwHu7ix1be5Ljaj", quantity: 2 },
            { amount: 500, currency: "USD", description: "Setup fee" },
          ],
          description: "Thanks for your business",
          collection_method: "send_invoice",
          days_until_due: 30,
          finalize: true,
          idempotency_key: "order-6735",
        },
      }),
    ).resolves.toMatchObject({ id: invoiceId, status: "open" });
    expect(mock.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      "POST /v1/invoices",
      "POST /v1/invoiceitems",
      "POST /v1/invoiceitems",
      `POST /v1/invoices/${invoiceId}/finalize`,
    ]);
    const [draft, first, second, finalize] = mock.calls;
    expect(draft!.body).toEqual({
      customer: "cus_NeZwdNtLEOXuvB",
      description: "Thanks for your business",
      collection_method: "send_invoice",
      days_until_due: "30",
    });
    expect(first!.body).toEqual({
      customer: "cus_NeZwdNtLEOXuvB",
      invoice: invoiceId,
      "pricing[price]": "price_1MtGUsLkdIwHu7ix1be5Ljaj",
      quantity: "2",
    });
    expect(second!.body).toEqual({
      customer: "cus_NeZwdNtLEOXuvB",
      invoice: invoiceId,
      amount: "500",
      currency: "usd",
      description: "Setup fee",
    });
    expect(mock.calls.map((call) => call.headers["idempotency-key"])).toEqual([
      "order-6735:invoice",
      "order-6735:item-0",
      "order-6735:item-1",
      "order-6735:finalize",
    ]);
    expect(finalize!.rawBody).toBe("");
  });

  it("leaves a draft and reads it back for its totals when not finalizing", async () => {
    await expect(
      runAction(stripe, "create_invoice", {
        auth,
        props: { customer: "cus_NeZwdNtLEOXuvB", lines: [{ price: "price_1" }] },
      }),
    ).resolves.toMatchObject({ id: invoiceId, status: "draft" });
    expect(mock.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      "POST /v1/invoices",
      "POST /v1/invoiceitems",
      `GET /v1/invoices/${invoiceId}`,
    ]);
    const keys = mock.calls.slice(0, 2).map((call) => call.headers["idempotency-key"]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("checks every line before creating anything", async () => {
    await expect(
      runAction(stripe, "create_invoice", {
        auth,
        props: {
          customer: "cus_1",
          lines: [{ price: "price_1" }, { amount: 10.5, currency: "usd" }],
        },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("lines[1]") });
    await expect(
      runAction(stripe, "create_invoice", { auth, props: { customer: "cus_1", lines: [] } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(mock.calls).toHaveLength(0);
  });

  it("stops at the first line Stripe refuses", async () => {
    mock.use(http.post(api("/v1/invoiceitems"), () => stripeErrorResponse("resourceMissing", 400)));
    await expect(
      runAction(stripe, "create_invoice", {
        auth,
        props: { customer: "cus_1", lines: [{ price: "price_missing" }, { price: "price_2" }] },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(mock.calls.map((call) => call.path)).toEqual(["/v1/invoices", "/v1/invoiceitems"]);
  });
});
