import { describe, expect, it } from "vitest";
import { extractProviderError, isJsonContentType } from "./http-response";

describe("extractProviderError", () => {
  it.each([
    [{ message: "Not Found", documentation_url: "https://docs" }, "Not Found", undefined],
    [
      {
        error: {
          message: "No such customer",
          code: "resource_missing",
          type: "invalid_request_error",
        },
      },
      "No such customer",
      "resource_missing",
    ],
    [
      { error: "invalid_grant", error_description: "Refresh token revoked" },
      "Refresh token revoked",
      "invalid_grant",
    ],
    [{ ok: false, error: "channel_not_found" }, "channel_not_found", "channel_not_found"],
    [
      { errors: [{ message: "Field is required", code: "missing_field" }] },
      "Field is required",
      "missing_field",
    ],
    [{ errors: ["plain string error"] }, "plain string error", undefined],
    [{ detail: "Not authenticated", title: "Unauthorized" }, "Not authenticated", undefined],
    [{ title: "Bad Request", code: 40001 }, "Bad Request", "40001"],
  ])("reads %j", (body, message, code) => {
    expect(extractProviderError(body)).toEqual({ message, code });
  });

  it("uses a text body, trimmed and collapsed, and nothing from other values", () => {
    expect(extractProviderError("  upstream\n\n timed out ")).toEqual({
      message: "upstream timed out",
      code: undefined,
    });
    expect(extractProviderError(undefined)).toEqual({ message: undefined, code: undefined });
    expect(extractProviderError([1, 2])).toEqual({ message: undefined, code: undefined });
    expect(extractProviderError({ message: "   " })).toEqual({
      message: undefined,
      code: undefined,
    });
  });

  it("cuts long messages at 500 characters", () => {
    const { message } = extractProviderError({ message: "y".repeat(2000) });
    expect(message).toHaveLength(500);
    expect(message?.endsWith("…")).toBe(true);
  });
});

describe("isJsonContentType", () => {
  it("accepts application/json and +json types only", () => {
    expect(isJsonContentType("application/json; charset=utf-8")).toBe(true);
    expect(isJsonContentType("Application/Problem+JSON")).toBe(true);
    expect(isJsonContentType("application/vnd.api+json")).toBe(true);
    expect(isJsonContentType("text/json-ish")).toBe(false);
    expect(isJsonContentType("text/plain")).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});

describe("extractProviderError with a top-level description", () => {
  it("reads Typeform's { code, description } shape", () => {
    expect(
      extractProviderError({ code: "FORM_NOT_FOUND", description: "Non existing form" }),
    ).toEqual({
      message: "Non existing form",
      code: "FORM_NOT_FOUND",
    });
  });
});
