import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("finalize_invoice", () => {
  const mock = useMockApi(...stripeHandlers);

  it("finalizes the draft", async () => {
    await expect(
      runAction(stripe, "finalize_invoice", {
        auth,
        props: { invoice: "in_1MtHbELkdIwHu7ixl4OzzPMv", auto_advance: false },
      }),
    ).resolves.toMatchObject({ status: "open" });
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.stripe.com/v1/invoices/in_1MtHbELkdIwHu7ixl4OzzPMv/finalize",
      rawBody: "auto_advance=false",
    });
    expect(call.headers["idempotency-key"]).toBeDefined();
  });

  it("reports an invoice that is not a draft", async () => {
    mock.use(
      http.post(api("/v1/invoices/:id/finalize"), () =>
        Response.json(
          {
            error: {
              type: "invalid_request_error",
              code: "invoice_not_editable",
              message:
                "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
            },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(
      runAction(stripe, "finalize_invoice", { auth, props: { invoice: "in_1" } }),
    ).rejects.toMatchObject({ code: "VALIDATION", providerCode: "invoice_not_editable" });
  });

  it("fails with NOT_FOUND for an unknown invoice", async () => {
    mock.use(
      http.post(api("/v1/invoices/:id/finalize"), () =>
        stripeErrorResponse("resourceMissing", 404),
      ),
    );
    await expect(
      runAction(stripe, "finalize_invoice", { auth, props: { invoice: "in_missing" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
