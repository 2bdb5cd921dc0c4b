import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockApi } from "./mock-api";

describe("createMockApi", () => {
  const api = createMockApi(
    http.get("https://api.mocked.test/ok", () => HttpResponse.json({ ok: true })),
  );
  beforeAll(() => api.listen());
  afterAll(() => api.close());

  it("refuses requests no handler answers and remembers them", async () => {
    await expect(fetch("https://unmocked.test/x?y=1")).rejects.toThrow();
    expect(api.unhandled).toEqual(["GET https://unmocked.test/x?y=1"]);
  });

  it("records answered requests with repeated query keys and JSON bodies", async () => {
    api.reset();
    await fetch("https://api.mocked.test/ok?a=1&a=2&b=3", {
      method: "GET",
      headers: { "X-Custom": "yes" },
    });
    expect(api.calls).toHaveLength(1);
    expect(api.lastCall()).toMatchObject({
      method: "GET",
      endpoint: "https://api.mocked.test/ok",
      query: { a: ["1", "2"], b: "3" },
      headers: { "x-custom": "yes" },
      rawBody: "",
      body: undefined,
    });
    expect(api.unhandled).toEqual([]);
  });

  it("says so when no request was sent", () => {
    api.reset();
    expect(() => api.lastCall()).toThrow("No request was sent to the mock API.");
  });
});

describe("createMockApi.use", () => {
  const api = createMockApi(
    http.get("https://api.mocked.test/item", () => HttpResponse.json({ from: "initial" })),
  );
  beforeAll(() => api.listen());
  afterAll(() => api.close());

  it("records a request once even when it falls through handlers added with use", async () => {
    api.use(
      http.get("https://api.mocked.test/item", () => HttpResponse.json({ from: "once" }), {
        once: true,
      }),
    );
    await expect((await fetch("https://api.mocked.test/item")).json()).resolves.toEqual({
      from: "once",
    });
    await expect((await fetch("https://api.mocked.test/item")).json()).resolves.toEqual({
      from: "initial",
    });
    expect(api.calls.map((call) => call.path)).toEqual(["/item", "/item"]);
  });
});
