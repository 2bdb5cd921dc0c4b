import { createHttpClient } from "@triggo/shared";
import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import customerFixture from "./__fixtures__/customer.json";
import searchFixture from "./__fixtures__/customer-search.json";
import { stripeHandlers, TEST_KEY } from "./mocks";
import { stripe } from "./stripe-connector";
import { customerProp, formatMinorUnits, lineItems, metadataForm, priceProp } from "./stripe-props";

const auth = { apiKey: TEST_KEY, accountId: undefined };

describe("the customer dropdown", () => {
  const mock = useMockApi(...stripeHandlers);

  it("lists the newest customers by name and email", async () => {
    await expect(
      stripe.init({ auth }).options({ action: "get_customer", prop: "customer" }),
    ).resolves.toEqual({
      options: [{ label: "Jenny Rosen (jennyrosen@example.com)", value: customerFixture.id }],
    });
    const call = mock.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: "https://api.stripe.com/v1/customers" });
    expect(call.query).toEqual({ limit: "100" });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it("passes what the user typed to the Search API as a substring match on name or email", async () => {
    await expect(
      stripe
        .init({ auth })
        .options({ action: "create_invoice", prop: "customer", searchValue: "ja'ne" }),
    ).resolves.toEqual({
      options: [{ label: "Jane Doe (jane.doe@example.com)", value: searchFixture.data[0]!.id }],
    });
    expect(mock.lastCall()).toMatchObject({
      endpoint: "https://api.stripe.com/v1/customers/search",
      query: { query: "name~'ja\\'ne' OR email~'ja\\'ne'", limit: "100" },
    });
  });

  it("lists instead of searching for fewer than 3 characters, which Stripe cannot match", async () => {
    await stripe
      .init({ auth })
      .options({ action: "get_customer", prop: "customer", searchValue: "ja" });
    expect(mock.lastCall().path).toBe("/v1/customers");
  });

  it("is disabled until an account is connected", async () => {
    const prop = customerProp({ required: true, description: "The customer." });
    await expect(
      prop.options({
        auth: undefined,
        propsValue: {},
        http: createHttpClient(),
        signal: new AbortController().signal,
      }),
    ).resolves.toEqual({
      disabled: true,
      placeholder: "Connect a Stripe account first.",
      options: [],
    });
    expect(mock.calls).toHaveLength(0);
  });
});

describe("the price dropdown", () => {
  const mock = useMockApi(...stripeHandlers);

  it("lists active prices with their product names, amounts and intervals", async () => {
    await expect(
      stripe.init({ auth }).options({ action: "create_subscription", prop: "price" }),
    ).resolves.toEqual({
      options: [
        { label: "Gold Plan: USD 10.00 / month", value: "price_1MoBy5LkdIwHu7ixZhnattbh" },
        { label: "T-shirt · One-off T-shirt: JPY 1,500", value: "price_1MoC3TLkdIwHu7ixcIbKelAC" },
      ],
    });
    expect(mock.lastCall().query).toEqual({
      active: "true",
      limit: "100",
      "expand[0]": "data.product",
    });
  });

  it("filters by what the user typed (Stripe's price search has no name field)", async () => {
    const state = await stripe
      .init({ auth })
      .options({ action: "create_payment_link", prop: "price", searchValue: "shirt" });
    expect(state.options.map((option) => option.value)).toEqual(["price_1MoC3TLkdIwHu7ixcIbKelAC"]);
  });

  it("is disabled until an account is connected", async () => {
    const prop = priceProp({ required: true, description: "The price." });
    const state = await prop.options({
      auth: undefined,
      propsValue: {},
      http: createHttpClient(),
      signal: new AbortController().signal,
    });
    expect(state.disabled).toBe(true);
  });
});

describe("the product dropdown", () => {
  const mock = useMockApi(...stripeHandlers);

  it("lists active products by name", async () => {
    await expect(
      stripe.init({ auth }).options({ action: "create_price", prop: "product" }),
    ).resolves.toEqual({ options: [{ label: "Gold Plan", value: "prod_NWjs8kKbJWmuuc" }] });
    expect(mock.lastCall()).toMatchObject({
      endpoint: "https://api.stripe.com/v1/products",
      query: { active: "true", limit: "100" },
    });
  });

  it("searches active products by name with the Search API", async () => {
    await stripe
      .init({ auth })
      .options({ action: "create_price", prop: "product", searchValue: "Gold" });
    expect(mock.lastCall()).toMatchObject({
      endpoint: "https://api.stripe.com/v1/products/search",
      query: { query: "active:'true' AND name~'Gold'", limit: "100" },
    });
  });
});

describe("formatMinorUnits", () => {
  it("uses the currency's own decimals", () => {
    expect(formatMinorUnits(1000, "usd")).toBe("USD 10.00");
    expect(formatMinorUnits(1000, "jpy")).toBe("JPY 1,000");
    expect(formatMinorUnits(1000, "xyz1")).toBe("1000 xyz1");
  });
});

describe("metadataForm", () => {
  it("sends scalars as text and refuses nested values", () => {
    expect(metadataForm({ a: 1, b: true, c: null })).toEqual({ a: "1", b: "true", c: "" });
    expect(metadataForm(undefined)).toBeUndefined();
    expect(() => metadataForm("x")).toThrow(/JSON object/);
    expect(() => metadataForm({ a: [1] })).toThrow(/metadata\.a/);
  });
});

describe("lineItems", () => {
  it("puts the first price first and checks the others", () => {
    expect(lineItems({ price: "p1", additional_items: [{ price: "p2", quantity: 2 }] })).toEqual([
      { price: "p1", quantity: 1 },
      { price: "p2", quantity: 2 },
    ]);
    expect(() => lineItems({ price: "p1", additional_items: {} })).toThrow(/JSON array/);
    expect(() =>
      lineItems({ price: "p1", additional_items: [{ price: "p2", quantity: 0 }] }),
    ).toThrow(/additional_items\[0\]/);
  });
});
