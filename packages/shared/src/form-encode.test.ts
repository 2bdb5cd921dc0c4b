import { describe, expect, it } from "vitest";
import { encodeForm, escapeFormComponent, formEntries } from "./form-encode";

describe("encodeForm", () => {
  it("writes scalars, booleans as true/false, and leaves out null and undefined", () => {
    expect(
      encodeForm({ amount: 1000, currency: "usd", capture: false, a: null, b: undefined }),
    ).toBe("amount=1000&currency=usd&capture=false");
  });

  it("writes nested objects with brackets (metadata)", () => {
    expect(encodeForm({ metadata: { order_id: "42", "note key": "a&b" } })).toBe(
      "metadata[order_id]=42&metadata[note+key]=a%26b",
    );
  });

  it("indexes arrays of objects and of scalars alike, as Stripe's libraries do", () => {
    expect(
      encodeForm({
        line_items: [
          { price: "price_1", quantity: 2 },
          { price: "price_2", adjustable_quantity: { enabled: true } },
        ],
        expand: ["customer", "invoice.subscription"],
      }),
    ).toBe(
      "line_items[0][price]=price_1&line_items[0][quantity]=2" +
        "&line_items[1][price]=price_2&line_items[1][adjustable_quantity][enabled]=true" +
        "&expand[0]=customer&expand[1]=invoice.subscription",
    );
  });

  it("sends an empty string (Stripe's way to clear a field) and skips empty arrays and objects", () => {
    expect(encodeForm({ description: "", tax_rates: [], metadata: {} })).toBe("description=");
  });

  it("encodes like URLSearchParams, and keeps brackets inside keys encoded", () => {
    const text = "a b!'()~*é+/&=[]";
    expect(escapeFormComponent(text)).toBe(new URLSearchParams([["", text]]).toString().slice(1));
    expect(encodeForm({ "weird[key]": { "x]y": text } })).toBe(
      `weird%5Bkey%5D[x%5Dy]=${new URLSearchParams([["", text]]).toString().slice(1)}`,
    );
  });

  it("round-trips through a form parser", () => {
    const parsed = new URLSearchParams(encodeForm({ items: [{ price: "p 1" }], q: "a=b" }));
    expect([...parsed]).toEqual([
      ["items[0][price]", "p 1"],
      ["q", "a=b"],
    ]);
  });
});

describe("formEntries", () => {
  it("lists the flattened fields unescaped, for multipart bodies", () => {
    expect(formEntries({ file_link_data: { create: true }, purpose: "dispute evidence" })).toEqual([
      ["file_link_data[create]", "true"],
      ["purpose", "dispute evidence"],
    ]);
  });
});
