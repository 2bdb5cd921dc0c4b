import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkStandardWebhook,
  signStandardWebhook,
  verifyStandardWebhook,
} from "./standard-webhooks";

/**
 * The reference libraries' test vector, from the standard-webhooks repository:
 * libraries/javascript/src/webhook.test.ts and libraries/go/webhook_test.go ("sign function
 * works" / TestWebhookSign), https://github.com/standard-webhooks/standard-webhooks
 */
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP = 1614265330;
const PAYLOAD = '{"test": 2432232314}';
const SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

const vectorHeaders = {
  "webhook-id": MESSAGE_ID,
  "webhook-timestamp": String(TIMESTAMP),
  "webhook-signature": SIGNATURE,
};
const secondsAfter = (seconds: number) => () => (TIMESTAMP + seconds) * 1000;
const check = (
  headers: Record<string, string>,
  overrides: { body?: string; now?: () => number } = {},
) =>
  checkStandardWebhook({
    secret: SECRET,
    body: overrides.body ?? PAYLOAD,
    headers,
    now: overrides.now ?? secondsAfter(10),
  });

describe("Standard Webhooks", () => {
  it("signs the reference test vector exactly", () => {
    expect(
      signStandardWebhook({ secret: SECRET, id: MESSAGE_ID, timestamp: TIMESTAMP, body: PAYLOAD }),
    ).toEqual(vectorHeaders);
  });

  it("verifies the reference vector, with or without the whsec_ prefix, or as raw key bytes", () => {
    expect(check(vectorHeaders)).toEqual({ valid: true });
    const base64Key = SECRET.slice("whsec_".length);
    for (const secret of [base64Key, Buffer.from(base64Key, "base64")]) {
      expect(
        checkStandardWebhook({
          secret,
          body: PAYLOAD,
          headers: vectorHeaders,
          now: secondsAfter(0),
        }),
      ).toEqual({ valid: true });
    }
  });

  it("signs {id}.{timestamp}.{body} with the base64-decoded key (independent HMAC)", () => {
    const key = Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64");
    const expected = createHmac("sha256", key)
      .update(`${MESSAGE_ID}.${TIMESTAMP}.${PAYLOAD}`)
      .digest("base64");
    expect(SIGNATURE).toBe(`v1,${expected}`);
  });

  it("accepts any v1 in a space-separated list and ignores other versions", () => {
    const list = [
      "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
      "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
      SIGNATURE,
      "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
    ].join(" ");
    expect(check({ ...vectorHeaders, "webhook-signature": list })).toEqual({ valid: true });
    const onlyOthers = check({
      ...vectorHeaders,
      "webhook-signature": SIGNATURE.replace("v1,", "v1a,"),
    });
    expect(onlyOthers).toMatchObject({ valid: false, reason: "no_matching_signature" });
    if (!onlyOthers.valid) {
      expect(onlyOthers.error.message).toBe("The webhook-signature header has no v1 signature");
    }
  });

  it("refuses invalid, partial and empty signatures", () => {
    for (const signature of [
      "v1,dawfeoifkpqwoekfpqoekf",
      SIGNATURE.slice(0, 8),
      "v1,",
      "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
    ]) {
      expect(check({ ...vectorHeaders, "webhook-signature": signature })).toMatchObject({
        valid: false,
        reason: "no_matching_signature",
      });
    }
  });

  it("signs the id and the timestamp, not only the body", () => {
    expect(check({ ...vectorHeaders, "webhook-id": "msg_other" })).toMatchObject({
      valid: false,
      reason: "no_matching_signature",
    });
    expect(check({ ...vectorHeaders, "webhook-timestamp": String(TIMESTAMP + 1) })).toMatchObject({
      valid: false,
      reason: "no_matching_signature",
    });
    expect(check(vectorHeaders, { body: '{"test": 2432232315}' })).toMatchObject({
      valid: false,
      reason: "no_matching_signature",
    });
  });

  it("refuses timestamps more than 5 minutes away", () => {
    expect(check(vectorHeaders, { now: secondsAfter(300) })).toEqual({ valid: true });
    expect(check(vectorHeaders, { now: secondsAfter(301) })).toMatchObject({
      valid: false,
      reason: "timestamp_out_of_tolerance",
    });
    const early = check(vectorHeaders, { now: secondsAfter(-301) });
    expect(early).toMatchObject({ valid: false, reason: "timestamp_out_of_tolerance" });
    if (!early.valid) {
      expect(early.error.message).toBe(
        "The timestamp in webhook-timestamp is 301 s in the future, outside the 300 s tolerance",
      );
    }
  });

  it("names missing and malformed headers", () => {
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"] as const) {
      const headers: Record<string, string> = { ...vectorHeaders };
      delete headers[name];
      const result = check(headers);
      expect(result).toMatchObject({ valid: false, reason: "missing_header" });
      if (!result.valid) expect(result.error.message).toBe(`Missing ${name} header`);
    }
    expect(check({ ...vectorHeaders, "webhook-timestamp": "hello" })).toMatchObject({
      valid: false,
      reason: "malformed_header",
    });
  });

  it("reads headers case-insensitively and from Headers", () => {
    expect(
      check({
        "Webhook-Id": MESSAGE_ID,
        "WEBHOOK-TIMESTAMP": String(TIMESTAMP),
        "Webhook-Signature": SIGNATURE,
      }),
    ).toEqual({ valid: true });
    expect(() =>
      verifyStandardWebhook({
        secret: SECRET,
        body: new TextEncoder().encode(PAYLOAD),
        headers: new Headers(vectorHeaders),
        now: secondsAfter(0),
      }),
    ).not.toThrow();
  });

  it("refuses an empty or non-base64 secret as a configuration error", () => {
    for (const secret of ["", "whsec_", "whsec_not base64!"]) {
      expect(() =>
        checkStandardWebhook({
          secret,
          body: PAYLOAD,
          headers: vectorHeaders,
          now: secondsAfter(0),
        }),
      ).toThrow(expect.objectContaining({ code: "CONFIGURATION" }));
    }
  });

  it("round-trips with a generated id on the real clock", () => {
    const headers = signStandardWebhook({ secret: SECRET, body: PAYLOAD });
    expect(headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(checkStandardWebhook({ secret: SECRET, body: PAYLOAD, headers })).toEqual({
      valid: true,
    });
  });

  it("keeps the secret and the expected signature out of its messages", () => {
    const result = check(vectorHeaders, { body: "{}" });
    if (result.valid) throw new Error("expected a refusal");
    const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key)
      .update(`${MESSAGE_ID}.${TIMESTAMP}.{}`)
      .digest("base64");
    const text = result.error.message + JSON.stringify(result.error.toJSON());
    expect(text).not.toContain(SECRET.slice("whsec_".length));
    expect(text).not.toContain(expected);
  });
});
