import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import chargesFixture from "../__fixtures__/charges.json";
import { api, listHandler, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };
const charge = chargesFixture.data[0]!;

/** `count` charges, newest first: ch_0001 is the newest. */
function manyCharges(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    ...charge,
    id: `ch_${String(index + 1).padStart(4, "0")}`,
  }));
}

describe("list_charges", () => {
  const mock = useMockApi(...stripeHandlers);

  it("sends the customer and the created range in Unix seconds", async () => {
    await expect(
      runAction(stripe, "list_charges", {
        auth,
        props: {
          customer: "cus_NffrFeUfNV2Hib",
          created_after: "2023-03-01T00:00:00Z",
          created_before: "2023-03-31T23:59:59.900Z",
          limit: 20,
        },
      }),
    ).resolves.toEqual({ data: chargesFixture.data });
    const call = mock.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: "https://api.stripe.com/v1/charges" });
    expect(call.query).toEqual({
      customer: "cus_NffrFeUfNV2Hib",
      "created[gte]": "1677628800",
      "created[lte]": "1680307199",
      limit: "20",
    });
  });

  it("pages with starting_after the last charge while has_more, up to the limit", async () => {
    const charges = manyCharges(250);
    mock.use(listHandler("/v1/charges", charges));
    const result = (await runAction(stripe, "list_charges", { auth, props: { limit: 1000 } })) as {
      data: { id: string }[];
    };
    expect(result.data.map((item) => item.id)).toEqual(charges.map((item) => item.id));
    expect(mock.calls.map((call) => call.query)).toEqual([
      { limit: "100" },
      { limit: "100", starting_after: "ch_0100" },
      { limit: "100", starting_after: "ch_0200" },
    ]);
  });

  it("stops at the limit without asking for another page", async () => {
    mock.use(listHandler("/v1/charges", manyCharges(500)));
    const result = (await runAction(stripe, "list_charges", { auth, props: { limit: 150 } })) as {
      data: unknown[];
    };
    expect(result.data).toHaveLength(150);
    expect(mock.calls).toHaveLength(2);
  });

  it("reports Stripe's failure", async () => {
    mock.use(http.get(api("/v1/charges"), () => stripeErrorResponse("invalidApiKey", 401)));
    await expect(runAction(stripe, "list_charges", { auth })).rejects.toMatchObject({
      code: "AUTH_INVALID",
    });
  });
});
