import { describe, expect, it } from "vitest";
import {
  classifySlackResponse,
  errorCodeForSlackError,
  slackTsToIso,
  slackTsToMilliseconds,
  toSlackTimestamp,
} from "./slack-http";

const post = { method: "POST" as const, path: "/chat.postMessage" };
const get = { method: "GET" as const, path: "/conversations.history?channel=C1" };

function classify(
  body: unknown,
  request: { method: "GET" | "POST"; path: string } = post,
  status = 200,
  headers = new Headers(),
) {
  return classifySlackResponse({ status, body, headers, request });
}

function failure(result: ReturnType<typeof classify>) {
  if (!result || result.outcome === "success")
    throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

describe("classifySlackResponse", () => {
  it("treats ok: true (with or without a warning) and plain-text 2xx as success", () => {
    expect(classify({ ok: true, warning: "missing_charset" })).toEqual({ outcome: "success" });
    expect(classify("OK - 53072")).toEqual({ outcome: "success" });
  });

  it.each([
    ["invalid_auth", "AUTH_INVALID"],
    ["not_authed", "AUTH_INVALID"],
    ["account_inactive", "AUTH_INVALID"],
    ["token_revoked", "AUTH_INVALID"],
    ["token_expired", "AUTH_EXPIRED"],
    ["missing_scope", "FORBIDDEN"],
    ["not_allowed_token_type", "FORBIDDEN"],
    ["restricted_action", "FORBIDDEN"],
    ["not_in_channel", "FORBIDDEN"],
    ["cant_update_message", "FORBIDDEN"],
    ["channel_not_found", "NOT_FOUND"],
    ["user_not_found", "NOT_FOUND"],
    ["users_not_found", "NOT_FOUND"],
    ["message_not_found", "NOT_FOUND"],
    ["is_archived", "CONFLICT"],
    ["name_taken", "CONFLICT"],
    ["already_reacted", "CONFLICT"],
    ["invalid_arguments", "VALIDATION"],
    ["invalid_blocks", "VALIDATION"],
    ["too_many_attachments", "VALIDATION"],
    ["msg_too_long", "VALIDATION"],
    ["no_text", "VALIDATION"],
    ["time_in_past", "VALIDATION"],
    ["invalid_name_specials", "VALIDATION"],
    ["ratelimited", "RATE_LIMITED"],
    ["internal_error", "UPSTREAM"],
    ["fatal_error", "UPSTREAM"],
    ["service_unavailable", "UPSTREAM"],
    ["request_timeout", "UPSTREAM"],
    ["unknown_method", "NOT_FOUND"],
    ["something_new", "UNKNOWN"],
  ])("maps %s to %s", (error, code) => {
    expect(errorCodeForSlackError(error)).toBe(code);
    expect(failure(classify({ ok: false, error }))).toMatchObject({
      code,
      providerCode: error,
      status: 200,
    });
  });

  it("fails for good, not retryable, on errors a retry cannot fix", () => {
    for (const error of ["invalid_auth", "channel_not_found", "not_in_channel", "invalid_blocks"]) {
      const result = classify({ ok: false, error });
      expect(result?.outcome).toBe("fail");
      expect(failure(result).retryable).toBe(false);
    }
  });

  it("keeps Slack's error, its response_metadata messages and the scope a token lacks", () => {
    const blocks = failure(
      classify({
        ok: false,
        error: "invalid_blocks",
        response_metadata: {
          messages: ["[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]"],
        },
      }),
    );
    expect(blocks.message).toBe(
      "Slack chat.postMessage failed: invalid_blocks ([ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text])",
    );
    const scope = failure(
      classify({
        ok: false,
        error: "missing_scope",
        needed: "chat:write.customize",
        provided: "chat:write",
      }),
    );
    expect(scope.message).toBe(
      "Slack chat.postMessage failed: missing_scope (needs the chat:write.customize scope; the token has chat:write)",
    );
  });

  it("retries a 429 after its Retry-After, even for a write, since Slack refused it", () => {
    const result = classify(
      { ok: false, error: "ratelimited" },
      post,
      429,
      new Headers({ "retry-after": "30" }),
    );
    expect(result).toMatchObject({ outcome: "retry", retryAfterMs: 30_000 });
    expect(failure(result)).toMatchObject({
      code: "RATE_LIMITED",
      retryable: true,
      retryAfterMs: 30_000,
      status: 429,
    });
    expect(classify(undefined, post, 429, new Headers({ "retry-after": "2" }))).toMatchObject({
      outcome: "retry",
      retryAfterMs: 2000,
    });
  });

  it("retries internal_error for reads only: part of a write may have run", () => {
    expect(classify({ ok: false, error: "internal_error" }, get)?.outcome).toBe("retry");
    const write = classify({ ok: false, error: "internal_error" }, post);
    expect(write?.outcome).toBe("fail");
    expect(failure(write)).toMatchObject({ code: "UPSTREAM", retryable: true });
    expect(classify({ ok: false, error: "service_unavailable" }, post)?.outcome).toBe("retry");
  });

  it("leaves other HTTP failures without Slack's envelope to the default rules", () => {
    expect(classify("<html>Bad gateway</html>", post, 502)).toBeUndefined();
  });
});

describe("Slack timestamps", () => {
  it("writes Unix seconds with six decimals, or whole seconds", () => {
    expect(toSlackTimestamp("2017-12-01T00:32:30.216Z")).toBe("1512088350.216000");
    expect(toSlackTimestamp("2019-07-03T19:00:00.900Z", false)).toBe("1562180400");
  });

  it("reads a ts into epoch milliseconds without losing its microseconds", () => {
    expect(slackTsToMilliseconds("1512085950.000216")).toBeCloseTo(1512085950000.216, 3);
    expect(slackTsToMilliseconds("1512085950.000217")).toBeGreaterThan(
      slackTsToMilliseconds("1512085950.000216"),
    );
    expect(slackTsToIso("1512085950.000216")).toBe("2017-11-30T23:52:30.000Z");
  });
});
