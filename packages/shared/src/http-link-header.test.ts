import { describe, expect, it } from "vitest";
import { findLink, parseLinkHeader } from "./http-link-header";

const GITHUB =
  '<https://api.github.com/repositories/1300192/issues?page=2>; rel="next", ' +
  '<https://api.github.com/repositories/1300192/issues?page=515>; rel="last"';

describe("parseLinkHeader", () => {
  it("reads GitHub's header", () => {
    expect(parseLinkHeader(GITHUB)).toEqual([
      {
        uri: "https://api.github.com/repositories/1300192/issues?page=2",
        rel: ["next"],
        params: { rel: "next" },
      },
      {
        uri: "https://api.github.com/repositories/1300192/issues?page=515",
        rel: ["last"],
        params: { rel: "last" },
      },
    ]);
  });

  it("handles unquoted and multiple relations, odd spacing, case, and commas inside values", () => {
    const header =
      '<https://x.test/a?b=1,2>;REL=Next ; title="Page, two; \\"quoted\\"" ,' +
      '<https://x.test/c>; rel="prev first";rel=ignored';
    expect(parseLinkHeader(header)).toEqual([
      {
        uri: "https://x.test/a?b=1,2",
        rel: ["next"],
        params: { rel: "Next", title: 'Page, two; "quoted"' },
      },
      { uri: "https://x.test/c", rel: ["prev", "first"], params: { rel: "prev first" } },
    ]);
  });

  it("skips malformed links and keeps the rest", () => {
    expect(parseLinkHeader('garbage, <https://x.test/2>; rel="next"')).toEqual([
      { uri: "https://x.test/2", rel: ["next"], params: { rel: "next" } },
    ]);
    expect(parseLinkHeader("")).toEqual([]);
    expect(parseLinkHeader(null)).toEqual([]);
    expect(parseLinkHeader("<https://x.test/unterminated")).toEqual([]);
  });
});

describe("findLink", () => {
  it("finds the next link, resolving a relative reference against the request URL", () => {
    expect(findLink(GITHUB)).toBe("https://api.github.com/repositories/1300192/issues?page=2");
    expect(findLink(GITHUB, "last")).toBe(
      "https://api.github.com/repositories/1300192/issues?page=515",
    );
    expect(
      findLink('</items?cursor=abc>; rel="next"', "next", "https://x.test/v1/items?cursor=start"),
    ).toBe("https://x.test/items?cursor=abc");
    expect(findLink('<https://x.test/1>; rel="prev"')).toBeUndefined();
    expect(findLink(null)).toBeUndefined();
  });
});
