import { HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import searchFixture from "../__fixtures__/customer-search.json";
import { api, stripeErrorResponse, stripeHandlers, TEST_KEY } from "../mocks";
import { stripe } from "../stripe-connector";

const auth = { apiKey: TEST_KEY };
const customer = searchFixture.data[0]!;

/** A search over `count` matching customers, paged as Stripe does with an opaque next_page. */
function searchHandler(count: number) {
  const all = Array.from({ length: count }, (_, index) => ({
    ...customer,
    id: `cus_${index + 1}`,
  }));
  return http.get(api("/v1/customers/search"), ({ request }) => {
    const query = new URL(request.url).searchParams;
    const limit = Number(query.get("limit") ?? 10);
    const start = Number((query.get("page") ?? "page_0").slice(5));
    const end = start + limit;
    return HttpResponse.json({
      object: "search_result",
      url: "/v1/customers/search",
      data: all.slice(start, end),
      has_more: end < all.length,
      next_page: end < all.length ? `page_${end}` : null,
    });
  });
}

describe("find_customers_by_email", () => {
  const mock = useMockApi(...stripeHandlers);

  it("searches by exact email with the query language, quotes escaped", async () => {
    await expect(
      runAction(stripe, "find_customers_by_email", {
        auth,
        props: { email: " o'brien@example.com " },
      }),
    ).resolves.toEqual({ data: searchFixture.data });
    const call = mock.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.stripe.com/v1/customers/search",
    });
    expect(call.query).toEqual({ query: "email:'o\\'brien@example.com'", limit: "10" });
  });

  it("follows next_page as page until the limit", async () => {
    mock.use(searchHandler(250));
    const result = (await runAction(stripe, "find_customers_by_email", {
      auth,
      props: { email: "jane.doe@example.com", limit: 230 },
    })) as { data: { id: string }[] };
    expect(result.data).toHaveLength(230);
    expect(result.data.at(-1)?.id).toBe("cus_230");
    expect(mock.calls.map((call) => call.query.page)).toEqual([undefined, "page_100", "page_200"]);
    expect(mock.calls.every((call) => call.query.limit === "100")).toBe(true);
  });

  it("stops when has_more is false", async () => {
    mock.use(searchHandler(3));
    const result = (await runAction(stripe, "find_customers_by_email", {
      auth,
      props: { email: "jane.doe@example.com", limit: 50 },
    })) as { data: unknown[] };
    expect(result.data).toHaveLength(3);
    expect(mock.calls).toHaveLength(1);
  });

  it("reports an invalid query", async () => {
    mock.use(
      http.get(api("/v1/customers/search"), () => stripeErrorResponse("parameterMissing", 400)),
    );
    await expect(
      runAction(stripe, "find_customers_by_email", { auth, props: { email: "x@example.com" } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
