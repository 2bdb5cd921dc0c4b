import { ConnectorError } from "@triggo/shared";
import { describe, expect, it } from "vitest";
import { createApiKeyCheck } from "./server-auth";
import { errorAnswer, HttpError, parseJsonObject } from "./server-http";

describe("errorAnswer", () => {
  it("maps connector error codes to statuses, keeping the validation issues", () => {
    const issues = [{ prop: "owner", message: '"owner" is required' }];
    expect(
      errorAnswer(new ConnectorError("VALIDATION", "Invalid", { details: { issues } })),
    ).toMatchObject({ status: 400, body: { error: { code: "VALIDATION", issues } } });
    const statuses = Object.fromEntries(
      (
        [
          "NOT_FOUND",
          "CONFLICT",
          "AUTH_INVALID",
          "AUTH_EXPIRED",
          "FORBIDDEN",
          "RATE_LIMITED",
          "UPSTREAM",
        ] as const
      ).map((code) => [code, errorAnswer(new ConnectorError(code, "x")).status]),
    );
    expect(statuses).toEqual({
      NOT_FOUND: 404,
      CONFLICT: 409,
      AUTH_INVALID: 401,
      AUTH_EXPIRED: 401,
      FORBIDDEN: 403,
      RATE_LIMITED: 429,
      UPSTREAM: 502,
    });
    expect(
      errorAnswer(new ConnectorError("RATE_LIMITED", "slow down", { retryAfterMs: 2500 })).headers,
    ).toEqual({ "retry-after": "3" });
  });

  it("hides the message of an unexpected failure", () => {
    const answer = errorAnswer(new Error("password=hunter2 at db"));
    expect(answer).toMatchObject({ status: 500, internal: true });
    expect(JSON.stringify(answer.body)).not.toContain("hunter2");
    expect(errorAnswer(new HttpError(413, "PAYLOAD_TOO_LARGE", "big")).status).toBe(413);
  });
});

describe("parseJsonObject", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it("names the problem without echoing the body", () => {
    expect(() =>
      parseJsonObject(bytes('{"credentials": sk_live_123}'), "application/json"),
    ).toThrow(/not valid JSON: Unexpected token/);
    try {
      parseJsonObject(bytes('{"credentials": sk_live_123}'), undefined);
    } catch (error) {
      expect((error as Error).message).not.toContain("sk_live_123");
    }
    expect(() => parseJsonObject(bytes(""), undefined)).toThrow(/empty/);
    expect(() => parseJsonObject(bytes('"text"'), undefined)).toThrow(/not string/);
    expect(parseJsonObject(bytes('{"a":1}'), "application/json; charset=utf-8")).toEqual({ a: 1 });
  });
});

describe("createApiKeyCheck", () => {
  it("takes any configured key as a bearer token, nothing else", () => {
    const check = createApiKeyCheck(["first-key", "second-key"]);
    expect(check("Bearer first-key")).toBe(true);
    expect(check("bearer second-key")).toBe(true);
    expect(check("Bearer second-ke")).toBe(false);
    expect(check("second-key")).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(check("Bearer ")).toBe(false);
    expect(() => createApiKeyCheck([""])).toThrow(/at least one/);
  });
});
