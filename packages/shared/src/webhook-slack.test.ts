import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ConnectorError } from "./errors";
import { checkSlackWebhook, signSlackWebhook, verifySlackWebhook } from "./webhook-slack";

/**
 * Slack's published example, from "Verifying requests from Slack":
 * https://api.slack.com/authentication/verifying-requests-from-slack
 * (the signing secret is Slack's documentation placeholder, not a real one).
 */
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const SLACK_TIMESTAMP = 1531420618;
const SLACK_BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" +
  "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
  "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
  "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

const documentedHeaders = {
  "X-Slack-Request-Timestamp": String(SLACK_TIMESTAMP),
  "X-Slack-Signature": SLACK_SIGNATURE,
};
const secondsAfter = (seconds: number) => () => (SLACK_TIMESTAMP + seconds) * 1000;

function refusal(run: () => void): ConnectorError {
  try {
    run();
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error("expected a refusal");
}

describe("Slack v0 signatures", () => {
  it("accepts Slack's documented example", () => {
    expect(() =>
      verifySlackWebhook({
        secret: SLACK_SECRET,
        body: SLACK_BODY,
        headers: documentedHeaders,
        now: secondsAfter(30),
      }),
    ).not.toThrow();
  });

  it("signs Slack's documented example exactly", () => {
    expect(
      signSlackWebhook({ secret: SLACK_SECRET, body: SLACK_BODY, timestamp: SLACK_TIMESTAMP }),
    ).toEqual(documentedHeaders);
  });

  it("builds the basestring v0:{timestamp}:{body} (checked with an independent HMAC)", () => {
    const body = '{"type":"event_callback"}';
    const hex = createHmac("sha256", SLACK_SECRET).update(`v0:1700000000:${body}`).digest("hex");
    expect(signSlackWebhook({ secret: SLACK_SECRET, body, now: () => 1_700_000_000_500 })).toEqual({
      "X-Slack-Request-Timestamp": "1700000000",
      "X-Slack-Signature": `v0=${hex}`,
    });
  });

  it("refuses a timestamp outside the 300 s window, either way", () => {
    const base = { secret: SLACK_SECRET, body: SLACK_BODY, headers: documentedHeaders };
    expect(checkSlackWebhook({ ...base, now: secondsAfter(300) })).toEqual({ valid: true });
    expect(checkSlackWebhook({ ...base, now: secondsAfter(-300) })).toEqual({ valid: true });
    const stale = refusal(() => verifySlackWebhook({ ...base, now: secondsAfter(301) }));
    expect(stale.code).toBe("SIGNATURE_INVALID");
    expect(stale.message).toBe(
      "The timestamp in X-Slack-Request-Timestamp is 301 s in the past, outside the 300 s tolerance",
    );
    expect(stale.details).toEqual({ scheme: "slack", reason: "timestamp_out_of_tolerance" });
    expect(refusal(() => verifySlackWebhook({ ...base, now: secondsAfter(-400) })).message).toBe(
      "The timestamp in X-Slack-Request-Timestamp is 400 s in the future, outside the 300 s tolerance",
    );
    expect(
      checkSlackWebhook({ ...base, now: secondsAfter(100), toleranceSeconds: 60 }),
    ).toMatchObject({ valid: false, reason: "timestamp_out_of_tolerance" });
  });

  it("refuses a replay that only changes the timestamp", () => {
    const result = checkSlackWebhook({
      secret: SLACK_SECRET,
      body: SLACK_BODY,
      headers: { ...documentedHeaders, "X-Slack-Request-Timestamp": String(SLACK_TIMESTAMP + 600) },
      now: secondsAfter(600),
    });
    expect(result).toMatchObject({ valid: false, reason: "no_matching_signature" });
    if (!result.valid) {
      expect(result.error.message).toBe(
        "The X-Slack-Signature signature does not match the request",
      );
    }
  });

  it("refuses a tampered body and a wrong secret", () => {
    const now = secondsAfter(1);
    for (const input of [
      { secret: SLACK_SECRET, body: `${SLACK_BODY}&x=1`, headers: documentedHeaders, now },
      { secret: SLACK_SECRET.toUpperCase(), body: SLACK_BODY, headers: documentedHeaders, now },
    ]) {
      expect(checkSlackWebhook(input)).toMatchObject({
        valid: false,
        reason: "no_matching_signature",
      });
    }
  });

  it("names the missing or malformed header", () => {
    const base = { secret: SLACK_SECRET, body: SLACK_BODY, now: secondsAfter(1) };
    expect(
      refusal(() =>
        verifySlackWebhook({ ...base, headers: { "X-Slack-Signature": SLACK_SIGNATURE } }),
      ).message,
    ).toBe("Missing X-Slack-Request-Timestamp header");
    expect(
      refusal(() =>
        verifySlackWebhook({
          ...base,
          headers: { "X-Slack-Request-Timestamp": String(SLACK_TIMESTAMP) },
        }),
      ).message,
    ).toBe("Missing X-Slack-Signature header");
    const badTimestamp = refusal(() =>
      verifySlackWebhook({
        ...base,
        headers: { ...documentedHeaders, "X-Slack-Request-Timestamp": "1531420618.5" },
      }),
    );
    expect(badTimestamp.message).toBe(
      "Malformed X-Slack-Request-Timestamp header: the timestamp is not a Unix time in seconds",
    );
    expect(badTimestamp.details).toEqual({ scheme: "slack", reason: "malformed_header" });
    expect(
      refusal(() =>
        verifySlackWebhook({
          ...base,
          headers: { ...documentedHeaders, "X-Slack-Signature": SLACK_SIGNATURE.slice(3) },
        }),
      ).message,
    ).toBe('Malformed X-Slack-Signature header: expected "v0=<hex>"');
  });

  it("verifies the exact bytes of the body", () => {
    const body = new Uint8Array([0x70, 0x61, 0xff, 0xfe]); // not valid UTF-8
    const headers = signSlackWebhook({ secret: SLACK_SECRET, body, timestamp: SLACK_TIMESTAMP });
    const now = secondsAfter(0);
    expect(checkSlackWebhook({ secret: SLACK_SECRET, body, headers, now })).toEqual({
      valid: true,
    });
    const decoded = new TextDecoder().decode(body);
    expect(checkSlackWebhook({ secret: SLACK_SECRET, body: decoded, headers, now }).valid).toBe(
      false,
    );
  });

  it("round-trips on the real clock", () => {
    const headers = signSlackWebhook({ secret: SLACK_SECRET, body: "payload=1" });
    expect(checkSlackWebhook({ secret: SLACK_SECRET, body: "payload=1", headers })).toEqual({
      valid: true,
    });
  });

  it("keeps the secret and the expected signature out of its messages", () => {
    const result = checkSlackWebhook({
      secret: SLACK_SECRET,
      body: "changed",
      headers: documentedHeaders,
      now: secondsAfter(1),
    });
    if (result.valid) throw new Error("expected a refusal");
    const expected = createHmac("sha256", SLACK_SECRET)
      .update(`v0:${SLACK_TIMESTAMP}:changed`)
      .digest("hex");
    const text = result.error.message + JSON.stringify(result.error.toJSON());
    expect(text).not.toContain(SLACK_SECRET);
    expect(text).not.toContain(expected);
  });
});
