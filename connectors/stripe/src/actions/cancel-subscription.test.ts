import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };

describe("cancel_subscription", () => {
  const mock = useMockApi(...stripeHandlers);

  it("deletes the subscription with its options in the query string", async () => {
    await expect(
      runAction(stripe, "cancel_subscription", {
        auth,
        props: {
          subscription: "sub_1MowQVLkdIwHu7ixeRlqHVzs",
          invoice_now: true,
          prorate: false,
          feedback: "too_expensive",
          comment: "Budget cuts",
        },
      }),
    ).resolves.toMatchObject({ id: "sub_1MowQVLkdIwHu7ixeRlqHVzs", status: "canceled" });
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "DELETE",
      endpoint: "https://api.stripe.com/v1/subscriptions/sub_1MowQVLkdIwHu7ixeRlqHVzs",
      rawBody: "",
    });
    expect(call.query).toEqual({
      invoice_now: "true",
      prorate: "false",
      "cancellation_details[feedback]": "too_expensive",
      "cancellation_details[comment]": "Budget cuts",
    });
  });

  it("sends nothing more when no option is given", async () => {
    await runAction(stripe, "cancel_subscription", { auth, props: { subscription: "sub_1" } });
    expect(mock.lastCall().query).toEqual({});
  });

  it("fails with NOT_FOUND for an unknown subscription", async () => {
    mock.use(
      http.delete(api("/v1/subscriptions/:id"), () => stripeErrorResponse("resourceMissing", 404)),
    );
    await expect(
      runAction(stripe, "cancel_subscription", { auth, props: { subscription: "sub_missing" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
