import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectorError } from "./errors";
import { createHttpClient } from "./http";
import {
  collect,
  paginate,
  paginateBodyCursor,
  paginateLinkHeader,
  paginateOffset,
  paginatePageNumber,
  paginateStripeList,
  paginateStripeSearch,
} from "./paginate";

const BASE = "https://api.example.com";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  method: string;
  /** Path and query, as sent. */
  target: string;
  headers: Headers;
  body: string;
}

/** Serves `pages` in turn from any URL under BASE and records each request. */
function servePages(pages: Array<() => Response>): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(`${BASE}/*`, async ({ request }) => {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        target: `${url.pathname}${url.search}`,
        headers: request.headers,
        body: await request.clone().text(),
      });
      const page = pages[seen.length - 1];
      if (!page) return HttpResponse.json({ message: "no more pages" }, { status: 404 });
      return page();
    }),
  );
  return seen;
}

const api = createHttpClient({
  baseUrl: BASE,
  headers: { "X-Client": "c" },
  sleep: async () => {},
});
const ids = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `obj_${from + index}` }));

describe("paginate", () => {
  it("walks cursors until none is left, and honours maxPages and maxItems", async () => {
    interface Page {
      items: number[];
      next?: string;
    }
    const pages: Record<string, Page> = {
      start: { items: [1, 2], next: "b" },
      b: { items: [3, 4], next: "c" },
      c: { items: [5] },
    };
    const cursors: Array<string | undefined> = [];
    const options = {
      fetchPage: async (cursor: string | undefined): Promise<Page> => {
        cursors.push(cursor);
        return pages[cursor ?? "start"] ?? { items: [] };
      },
      getItems: (page: Page) => page.items,
      getNextCursor: (page: Page) => page.next,
    };
    expect(await collect(paginate(options))).toEqual([1, 2, 3, 4, 5]);
    expect(cursors).toEqual([undefined, "b", "c"]);

    cursors.length = 0;
    expect(await collect(paginate({ ...options, maxPages: 2 }))).toEqual([1, 2, 3, 4]);
    expect(cursors).toEqual([undefined, "b"]);

    cursors.length = 0;
    expect(await collect(paginate({ ...options, maxItems: 3 }))).toEqual([1, 2, 3]);
    expect(cursors).toEqual([undefined, "b"]);
  });

  it("fails instead of looping when the provider repeats a cursor", async () => {
    const iterator = paginate({
      fetchPage: async () => ({ items: [1] }),
      getItems: (page: { items: number[] }) => page.items,
      getNextCursor: () => "same",
    });
    await expect(collect(iterator)).rejects.toSatisfy(
      (error) => ConnectorError.is(error) && error.code === "UPSTREAM",
    );
  });

  it("collect stops at max and closes the iterator", async () => {
    let closed = false;
    async function* numbers() {
      try {
        for (let value = 1; ; value++) yield value;
      } finally {
        closed = true;
      }
    }
    expect(await collect(numbers(), { max: 3 })).toEqual([1, 2, 3]);
    expect(closed).toBe(true);
  });
});

describe("paginateBodyCursor (Slack)", () => {
  it("sends next_cursor back as cursor in the query, with the caller's query and headers", async () => {
    const seen = servePages([
      () =>
        HttpResponse.json({
          ok: true,
          channels: [{ id: "C1" }],
          response_metadata: { next_cursor: "dGVhbTox" },
        }),
      () =>
        HttpResponse.json({
          ok: true,
          channels: [{ id: "C2" }],
          response_metadata: { next_cursor: "dGVhbToy" },
        }),
      () =>
        HttpResponse.json({
          ok: true,
          channels: [{ id: "C3" }],
          response_metadata: { next_cursor: "" },
        }),
    ]);
    const channels = await collect(
      paginateBodyCursor<{ id: string }>(
        api,
        {
          path: "/conversations.list",
          query: { limit: 200, types: "public_channel" },
          headers: { "X-Trace": "t1" },
        },
        { items: "channels" },
      ),
    );
    expect(channels.map((channel) => channel.id)).toEqual(["C1", "C2", "C3"]);
    expect(seen.map((entry) => entry.target)).toEqual([
      "/conversations.list?limit=200&types=public_channel",
      "/conversations.list?limit=200&types=public_channel&cursor=dGVhbTox",
      "/conversations.list?limit=200&types=public_channel&cursor=dGVhbToy",
    ]);
    for (const entry of seen) {
      expect(entry.headers.get("x-trace")).toBe("t1");
      expect(entry.headers.get("x-client")).toBe("c");
    }
  });

  it("puts the cursor in a form body when the request has one, and stops without response_metadata", async () => {
    const seen = servePages([
      () =>
        HttpResponse.json({
          ok: true,
          members: ["U1"],
          response_metadata: { next_cursor: "abc=" },
        }),
      () => HttpResponse.json({ ok: true, members: ["U2"] }),
    ]);
    const members = await collect(
      paginateBodyCursor<string>(
        api,
        { method: "POST", path: "/users.list", body: { form: { limit: 1 } } },
        { items: "members" },
      ),
    );
    expect(members).toEqual(["U1", "U2"]);
    expect(seen.map((entry) => [entry.target, entry.body])).toEqual([
      ["/users.list", "limit=1"],
      ["/users.list", "limit=1&cursor=abc%3D"],
    ]);
  });

  it("stops fetching once maxItems is reached", async () => {
    const seen = servePages([
      () => HttpResponse.json({ messages: [1, 2], response_metadata: { next_cursor: "n1" } }),
      () => HttpResponse.json({ messages: [3, 4], response_metadata: { next_cursor: "n2" } }),
      () => HttpResponse.json({ messages: [5], response_metadata: { next_cursor: "" } }),
    ]);
    const messages = await collect(
      paginateBodyCursor<number>(
        api,
        { path: "/conversations.history" },
        { items: "messages", maxItems: 3 },
      ),
    );
    expect(messages).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(2);
  });
});

describe("paginateLinkHeader (GitHub)", () => {
  it("follows rel=next as given and stops when it is gone", async () => {
    const next = (page: number) =>
      `<${BASE}/repositories/9/issues?state=open&per_page=2&page=${page}>; rel="next", ` +
      `<${BASE}/repositories/9/issues?state=open&per_page=2&page=3>; rel="last"`;
    const seen = servePages([
      () => HttpResponse.json([{ n: 1 }, { n: 2 }], { headers: { Link: next(2) } }),
      () => HttpResponse.json([{ n: 3 }, { n: 4 }], { headers: { Link: next(3) } }),
      () =>
        HttpResponse.json([{ n: 5 }], {
          headers: { Link: `<${BASE}/repositories/9/issues?page=1>; rel="first"` },
        }),
    ]);
    const issues = await collect(
      paginateLinkHeader<{ n: number }>(api, {
        path: "/repos/o/r/issues",
        query: { state: "open", per_page: 2, labels: "bug" },
        headers: { "X-GitHub-Api-Version": "2022-11-28" },
      }),
    );
    expect(issues.map((issue) => issue.n)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((entry) => entry.target)).toEqual([
      "/repos/o/r/issues?state=open&per_page=2&labels=bug",
      // GitHub's URL kept as it is; only the parameter it left out is added.
      "/repositories/9/issues?state=open&per_page=2&page=2&labels=bug",
      "/repositories/9/issues?state=open&per_page=2&page=3&labels=bug",
    ]);
    for (const entry of seen) expect(entry.headers.get("x-github-api-version")).toBe("2022-11-28");
  });

  it("reads items from a property for search endpoints, and honours maxPages", async () => {
    const seen = servePages([
      () =>
        HttpResponse.json(
          { total_count: 9, items: [{ id: 1 }] },
          { headers: { Link: `<${BASE}/search/code?q=x&page=2>; rel="next"` } },
        ),
      () =>
        HttpResponse.json(
          { total_count: 9, items: [{ id: 2 }] },
          { headers: { Link: `<${BASE}/search/code?q=x&page=3>; rel="next"` } },
        ),
    ]);
    const results = await collect(
      paginateLinkHeader(
        api,
        { path: "/search/code", query: { q: "x" } },
        { items: "items", maxPages: 2 },
      ),
    );
    expect(results).toEqual([{ id: 1 }, { id: 2 }]);
    expect(seen.map((entry) => entry.target)).toEqual([
      "/search/code?q=x",
      "/search/code?q=x&page=2",
    ]);
  });
});

describe("paginateStripeList", () => {
  it("pages with starting_after the last id while has_more", async () => {
    const seen = servePages([
      () => HttpResponse.json({ object: "list", data: ids(1, 2), has_more: true }),
      () => HttpResponse.json({ object: "list", data: ids(3, 2), has_more: true }),
      () => HttpResponse.json({ object: "list", data: ids(5, 1), has_more: false }),
    ]);
    const customers = await collect(
      paginateStripeList(api, {
        path: "/v1/customers",
        query: { limit: 2, "expand[]": "data.default_source" },
        headers: { "Stripe-Version": "2026-01-28" },
      }),
    );
    expect(customers.map((customer) => customer.id)).toEqual([
      "obj_1",
      "obj_2",
      "obj_3",
      "obj_4",
      "obj_5",
    ]);
    expect(seen.map((entry) => decodeURIComponent(entry.target))).toEqual([
      "/v1/customers?limit=2&expand[]=data.default_source",
      "/v1/customers?limit=2&expand[]=data.default_source&starting_after=obj_2",
      "/v1/customers?limit=2&expand[]=data.default_source&starting_after=obj_4",
    ]);
    for (const entry of seen) expect(entry.headers.get("stripe-version")).toBe("2026-01-28");
  });

  it("pages backwards with ending_before the first id", async () => {
    const seen = servePages([
      () => HttpResponse.json({ data: [{ id: "evt_9" }, { id: "evt_8" }], has_more: true }),
      () => HttpResponse.json({ data: [{ id: "evt_7" }], has_more: false }),
    ]);
    await collect(
      paginateStripeList(api, { path: "/v1/events", query: { ending_before: "evt_10", limit: 2 } }),
    );
    expect(seen.map((entry) => entry.target)).toEqual([
      "/v1/events?ending_before=evt_10&limit=2",
      "/v1/events?ending_before=evt_9&limit=2",
    ]);
  });

  it("stops on an empty page even if has_more says otherwise", async () => {
    const seen = servePages([() => HttpResponse.json({ data: [], has_more: true })]);
    expect(await collect(paginateStripeList(api, { path: "/v1/charges" }))).toEqual([]);
    expect(seen).toHaveLength(1);
  });
});

describe("paginateStripeSearch", () => {
  it("sends next_page as page while has_more", async () => {
    const seen = servePages([
      () =>
        HttpResponse.json({
          object: "search_result",
          data: ids(1, 1),
          has_more: true,
          next_page: "pg_a",
        }),
      () =>
        HttpResponse.json({
          object: "search_result",
          data: ids(2, 1),
          has_more: true,
          next_page: "pg_b",
        }),
      () =>
        HttpResponse.json({
          object: "search_result",
          data: ids(3, 1),
          has_more: false,
          next_page: null,
        }),
    ]);
    const found = await collect(
      paginateStripeSearch<{ id: string }>(api, {
        path: "/v1/customers/search",
        query: { query: "email:'a@b.c'" },
      }),
    );
    expect(found.map((customer) => customer.id)).toEqual(["obj_1", "obj_2", "obj_3"]);
    expect(seen.map((entry) => new URL(entry.target, BASE).searchParams.toString())).toEqual([
      "query=email%3A%27a%40b.c%27",
      "query=email%3A%27a%40b.c%27&page=pg_a",
      "query=email%3A%27a%40b.c%27&page=pg_b",
    ]);
  });
});

describe("paginatePageNumber", () => {
  it("counts pages up and stops on a short page", async () => {
    const seen = servePages([
      () => HttpResponse.json([1, 2, 3]),
      () => HttpResponse.json([4, 5, 6]),
      () => HttpResponse.json([7]),
    ]);
    const values = await collect(
      paginatePageNumber<number>(
        api,
        { path: "/tickets", query: { status: "open" } },
        { perPage: 3 },
      ),
    );
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.map((entry) => entry.target)).toEqual([
      "/tickets?status=open&per_page=3&page=1",
      "/tickets?status=open&per_page=3&page=2",
      "/tickets?status=open&per_page=3&page=3",
    ]);
  });

  it("uses the request's page size and custom names, stopping on an empty page", async () => {
    const seen = servePages([
      () => HttpResponse.json({ results: ["a", "b"] }),
      () => HttpResponse.json({ results: [] }),
    ]);
    const values = await collect(
      paginatePageNumber<string>(
        api,
        { path: "/list", query: { pageSize: "2" } },
        { pageParam: "pageNumber", perPageParam: "pageSize", firstPage: 0, items: "results" },
      ),
    );
    expect(values).toEqual(["a", "b"]);
    expect(seen.map((entry) => entry.target)).toEqual([
      "/list?pageSize=2&pageNumber=0",
      "/list?pageSize=2&pageNumber=1",
    ]);
  });
});

describe("paginateOffset", () => {
  it("moves the offset by the items received and stops on a short page", async () => {
    const seen = servePages([
      () => HttpResponse.json({ records: [1, 2] }),
      () => HttpResponse.json({ records: [3, 4] }),
      () => HttpResponse.json({ records: [5] }),
    ]);
    const values = await collect(
      paginateOffset<number>(
        api,
        { path: "/records", query: { sort: "id" } },
        { limit: 2, items: "records" },
      ),
    );
    expect(values).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((entry) => entry.target)).toEqual([
      "/records?sort=id&limit=2&offset=0",
      "/records?sort=id&limit=2&offset=2",
      "/records?sort=id&limit=2&offset=4",
    ]);
  });

  it("stops at maxItems without fetching further", async () => {
    const seen = servePages([() => HttpResponse.json([1, 2]), () => HttpResponse.json([3, 4])]);
    const values = await collect(
      paginateOffset<number>(api, { path: "/r" }, { limit: 2, maxItems: 2 }),
    );
    expect(values).toEqual([1, 2]);
    expect(seen).toHaveLength(1);
  });

  it("fails clearly when a page has no items array", async () => {
    servePages([() => HttpResponse.json({ unexpected: true })]);
    await expect(collect(paginateOffset(api, { path: "/r" }))).rejects.toThrow(
      "GET /r returned a page without an array at the top of the body.",
    );
  });
});
