/**
 * Pagination as async iteration: `for await (const issue of paginateLinkHeader(http, ...))`.
 * One generic loop (`paginate`) and presets for the styles providers use: a cursor in the body
 * (Slack), the `Link` header (GitHub), Stripe lists and searches, page numbers, offsets.
 * Every preset sends the caller's query, headers and other request options with every page.
 */
import { ConnectorError } from "./errors";
import { findLink } from "./http-link-header";
import type { HttpClient, HttpRequest, HttpResponse, QueryValue } from "./http-types";

export interface PaginateOptions<Page, Item, Cursor> {
  /** Fetches one page; `cursor` is `undefined` for the first. */
  fetchPage(cursor: Cursor | undefined): Promise<Page>;
  getItems(page: Page): ReadonlyArray<Item>;
  /** The cursor of the next page; `undefined` or `null` when this page is the last. */
  getNextCursor(page: Page, items: ReadonlyArray<Item>): Cursor | undefined | null;
  /** Fetch at most this many pages. */
  maxPages?: number;
  /** Yield at most this many items (and fetch no page beyond the one that reaches it). */
  maxItems?: number;
}

/**
 * Yields the items of page after page until a page has no next cursor, or `maxPages` pages or
 * `maxItems` items are reached. A provider that hands back a cursor it gave before would loop
 * forever: that fails with UPSTREAM.
 */
export async function* paginate<Page, Item, Cursor = string>(
  options: PaginateOptions<Page, Item, Cursor>,
): AsyncGenerator<Item, void, undefined> {
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  if (maxPages <= 0 || maxItems <= 0) return;
  const seenCursors = new Set<unknown>();
  let cursor: Cursor | undefined;
  let pages = 0;
  let yielded = 0;
  for (;;) {
    const page = await options.fetchPage(cursor);
    pages += 1;
    const items = options.getItems(page);
    for (const item of items) {
      yield item;
      yielded += 1;
      if (yielded >= maxItems) return;
    }
    if (pages >= maxPages) return;
    const next = options.getNextCursor(page, items);
    if (next === undefined || next === null) return;
    if (typeof next !== "object" && seenCursors.has(next)) {
      throw new ConnectorError(
        "UPSTREAM",
        `Pagination stopped after ${pages} pages: the provider returned a cursor it had already given.`,
        { retryable: false },
      );
    }
    seenCursors.add(next);
    cursor = next;
  }
}

/** Reads an async iterable into an array, stopping (and closing the iterator) after `max` items. */
export async function collect<Item>(
  iterable: AsyncIterable<Item>,
  options: { max?: number } = {},
): Promise<Item[]> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const items: Item[] = [];
  if (max <= 0) return items;
  for await (const item of iterable) {
    items.push(item);
    if (items.length >= max) break;
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Presets

/** Where a page keeps its items: a property path (`data`, `response_metadata.items`) or a function. */
export type ItemsSelector<Item> = string | ((body: unknown) => ReadonlyArray<Item>);

export interface PresetOptions<Item> {
  /** Where the items are in the response body; each preset has its default. */
  items?: ItemsSelector<Item>;
  maxPages?: number;
  maxItems?: number;
}

type Page = HttpResponse<unknown>;

/** Reads a dotted property path (`response_metadata.next_cursor`) from a parsed body. */
export function readPath(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function selectItems<Item>(
  page: Page,
  selector: ItemsSelector<Item> | undefined,
  request: HttpRequest,
): ReadonlyArray<Item> {
  if (typeof selector === "function") return selector(page.body);
  const items =
    selector === undefined || selector === "" ? page.body : readPath(page.body, selector);
  if (Array.isArray(items)) return items as Item[];
  const where = selector ? `"${selector}"` : "the top of the body";
  throw new ConnectorError(
    "UPSTREAM",
    `${request.method ?? "GET"} ${request.path} returned a page without an array at ${where}.`,
    { retryable: false },
  );
}

function withQuery(request: HttpRequest, extra: Record<string, QueryValue>): HttpRequest {
  return { ...request, query: { ...request.query, ...extra } };
}

function presetLimits(
  options: PresetOptions<unknown>,
): Pick<PaginateOptions<unknown, unknown, unknown>, "maxPages" | "maxItems"> {
  return {
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.maxItems === undefined ? {} : { maxItems: options.maxItems }),
  };
}

export interface BodyCursorOptions<Item> extends PresetOptions<Item> {
  /** Where the items are: Slack names them per method (`channels`, `members`, `messages`). */
  items: ItemsSelector<Item>;
  /** Where the next cursor is. Default `response_metadata.next_cursor` (Slack). */
  nextCursor?: string | ((body: unknown) => string | null | undefined);
  /** The parameter that sends the cursor back. Default `cursor`. */
  cursorParam?: string;
}

/**
 * A cursor the response body carries (Slack: `response_metadata.next_cursor`, an empty string at
 * the end), sent back as `cursor`: in the form or JSON body when the request has one, in the
 * query otherwise.
 */
export function paginateBodyCursor<Item>(
  client: HttpClient,
  request: HttpRequest,
  options: BodyCursorOptions<Item>,
): AsyncGenerator<Item, void, undefined> {
  const cursorParam = options.cursorParam ?? "cursor";
  const nextCursor = options.nextCursor ?? "response_metadata.next_cursor";
  return paginate<Page, Item, string>({
    ...presetLimits(options),
    fetchPage: (cursor) =>
      client.request(cursor === undefined ? request : withCursor(request, cursorParam, cursor)),
    getItems: (page) => selectItems(page, options.items, request),
    getNextCursor: (page) => {
      const value =
        typeof nextCursor === "function" ? nextCursor(page.body) : readPath(page.body, nextCursor);
      return typeof value === "string" && value !== "" ? value : undefined;
    },
  });
}

function withCursor(request: HttpRequest, param: string, cursor: string): HttpRequest {
  const body = request.body;
  if (body && "form" in body)
    return { ...request, body: { form: { ...body.form, [param]: cursor } } };
  if (
    body &&
    "json" in body &&
    typeof body.json === "object" &&
    body.json !== null &&
    !Array.isArray(body.json)
  ) {
    return {
      ...request,
      body: { json: { ...(body.json as Record<string, unknown>), [param]: cursor } },
    };
  }
  return withQuery(request, { [param]: cursor });
}

export interface LinkHeaderOptions<Item> extends PresetOptions<Item> {
  /** The relation to follow. Default `next`. */
  rel?: string;
}

/**
 * Follows the `Link` header's `rel="next"` URL (GitHub, GitLab), as given. The caller's query
 * parameters are added to it only where the provider left them out, so nothing is doubled.
 * Items default to the body itself; GitHub's search endpoints need `items: "items"`.
 */
export function paginateLinkHeader<Item>(
  client: HttpClient,
  request: HttpRequest,
  options: LinkHeaderOptions<Item> = {},
): AsyncGenerator<Item, void, undefined> {
  const rel = options.rel ?? "next";
  return paginate<Page, Item, string>({
    ...presetLimits(options),
    fetchPage: (nextUrl) =>
      client.request(nextUrl === undefined ? request : followLink(request, nextUrl)),
    getItems: (page) => selectItems(page, options.items, request),
    getNextCursor: (page) => findLink(page.headers.get("link"), rel, page.url || undefined),
  });
}

function followLink(request: HttpRequest, nextUrl: string): HttpRequest {
  const present = new URL(nextUrl).searchParams;
  const missing = Object.fromEntries(
    Object.entries(request.query ?? {}).filter(([key]) => !present.has(key)),
  );
  return { ...request, path: nextUrl, query: missing };
}

/**
 * Stripe lists: items in `data`, more while `has_more`, the next page `starting_after` the last
 * item's id. A request with `ending_before` pages backwards, `ending_before` the first item.
 */
export function paginateStripeList<Item extends { id: string }>(
  client: HttpClient,
  request: HttpRequest,
  options: PresetOptions<Item> = {},
): AsyncGenerator<Item, void, undefined> {
  const backwards =
    request.query?.ending_before !== undefined && request.query.ending_before !== null;
  const cursorParam = backwards ? "ending_before" : "starting_after";
  return paginate<Page, Item, string>({
    ...presetLimits(options),
    fetchPage: (cursor) =>
      client.request(
        cursor === undefined ? request : withQuery(request, { [cursorParam]: cursor }),
      ),
    getItems: (page) => selectItems(page, options.items ?? "data", request),
    getNextCursor: (page, items) => {
      if (readPath(page.body, "has_more") !== true) return undefined;
      return (backwards ? items[0] : items[items.length - 1])?.id;
    },
  });
}

/** Stripe search: items in `data`, more while `has_more`, `next_page` sent back as `page`. */
export function paginateStripeSearch<Item>(
  client: HttpClient,
  request: HttpRequest,
  options: PresetOptions<Item> = {},
): AsyncGenerator<Item, void, undefined> {
  return paginate<Page, Item, string>({
    ...presetLimits(options),
    fetchPage: (cursor) =>
      client.request(cursor === undefined ? request : withQuery(request, { page: cursor })),
    getItems: (page) => selectItems(page, options.items ?? "data", request),
    getNextCursor: (page) => {
      const nextPage = readPath(page.body, "next_page");
      const hasMore = readPath(page.body, "has_more") === true;
      return hasMore && typeof nextPage === "string" && nextPage !== "" ? nextPage : undefined;
    },
  });
}

export interface PageNumberOptions<Item> extends PresetOptions<Item> {
  /** Default `page`. */
  pageParam?: string;
  /** Default `per_page`. */
  perPageParam?: string;
  /** Sent as `perPageParam`; a page with fewer items is the last. Default: the request's own. */
  perPage?: number;
  /** Default 1. */
  firstPage?: number;
}

/**
 * Numbered pages (`page=1&per_page=100`): stops on an empty page, or on a page shorter than
 * `perPage` when the page size is known. Items default to the body itself.
 */
export function paginatePageNumber<Item>(
  client: HttpClient,
  request: HttpRequest,
  options: PageNumberOptions<Item> = {},
): AsyncGenerator<Item, void, undefined> {
  const pageParam = options.pageParam ?? "page";
  const perPageParam = options.perPageParam ?? "per_page";
  const perPage = options.perPage ?? numberOrUndefined(request.query?.[perPageParam]);
  const sizeQuery = options.perPage === undefined ? {} : { [perPageParam]: options.perPage };
  let pageNumber = options.firstPage ?? 1;
  return paginate<Page, Item, number>({
    ...presetLimits(options),
    fetchPage: () => client.request(withQuery(request, { ...sizeQuery, [pageParam]: pageNumber })),
    getItems: (page) => selectItems(page, options.items, request),
    getNextCursor: (_page, items) => {
      if (isLastPage(items.length, perPage)) return undefined;
      pageNumber += 1;
      return pageNumber;
    },
  });
}

export interface OffsetOptions<Item> extends PresetOptions<Item> {
  /** Default `offset`. */
  offsetParam?: string;
  /** Default `limit`. */
  limitParam?: string;
  /** Sent as `limitParam`; a page with fewer items is the last. Default: the request's own. */
  limit?: number;
  /** Default 0. */
  startOffset?: number;
}

/**
 * Offset and limit (`offset=0&limit=50`): the next offset moves by the items received; stops on
 * an empty page, or one shorter than `limit` when known. Items default to the body itself.
 */
export function paginateOffset<Item>(
  client: HttpClient,
  request: HttpRequest,
  options: OffsetOptions<Item> = {},
): AsyncGenerator<Item, void, undefined> {
  const offsetParam = options.offsetParam ?? "offset";
  const limitParam = options.limitParam ?? "limit";
  const limit = options.limit ?? numberOrUndefined(request.query?.[limitParam]);
  const limitQuery = options.limit === undefined ? {} : { [limitParam]: options.limit };
  let offset = options.startOffset ?? 0;
  return paginate<Page, Item, number>({
    ...presetLimits(options),
    fetchPage: () => client.request(withQuery(request, { ...limitQuery, [offsetParam]: offset })),
    getItems: (page) => selectItems(page, options.items, request),
    getNextCursor: (_page, items) => {
      if (isLastPage(items.length, limit)) return undefined;
      offset += items.length;
      return offset;
    },
  });
}

function isLastPage(received: number, pageSize: number | undefined): boolean {
  return received === 0 || (pageSize !== undefined && received < pageSize);
}

function numberOrUndefined(value: QueryValue): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}
