import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ConnectorError } from "./errors";
import { checkStripeWebhook, signStripeWebhook, verifyStripeWebhook } from "./webhook-stripe";

/**
 * Stripe publishes no fixed signature vector: its libraries build headers at test time
 * (stripe-node `test/Webhook.spec.ts`, secret "whsec_test_secret", payload below). So these
 * tests compute the expected HMAC independently with node:crypto, following Stripe's "Verify
 * signatures manually" steps (https://docs.stripe.com/webhooks#verify-manually): signed payload
 * `{t}.{body}`, HMAC-SHA256 keyed with the whole endpoint secret, hex.
 */
const SECRET = "whsec_test_secret";
const PAYLOAD = JSON.stringify({ id: "evt_test_webhook", object: "event" }, null, 2);
const TIMESTAMP = 1_700_000_000;
const now = () => TIMESTAMP * 1000 + 5_000;

function independentSignature(secret: string | Buffer, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}
const GOOD = independentSignature(SECRET, TIMESTAMP, PAYLOAD);

function refusal(run: () => void): ConnectorError {
  try {
    run();
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error("expected a refusal");
}

const verify = (header: string, overrides: { body?: string; now?: () => number } = {}) =>
  checkStripeWebhook({
    secret: SECRET,
    body: overrides.body ?? PAYLOAD,
    headers: { "stripe-signature": header },
    now: overrides.now ?? now,
  });

describe("Stripe signatures", () => {
  it("signs exactly as Stripe does, keyed with the whole whsec_ string", () => {
    expect(signStripeWebhook({ secret: SECRET, body: PAYLOAD, timestamp: TIMESTAMP })).toEqual({
      "Stripe-Signature": `t=${TIMESTAMP},v1=${GOOD}`,
    });
    // Not the base64-decoded remainder (that is Standard Webhooks, not Stripe).
    const decodedKey = Buffer.from(SECRET.slice("whsec_".length), "base64");
    expect(GOOD).not.toBe(independentSignature(decodedKey, TIMESTAMP, PAYLOAD));
  });

  it("accepts a valid header, with the current clock by default", () => {
    expect(verify(`t=${TIMESTAMP},v1=${GOOD}`)).toEqual({ valid: true });
    const headers = signStripeWebhook({ secret: SECRET, body: PAYLOAD });
    expect(() => verifyStripeWebhook({ secret: SECRET, body: PAYLOAD, headers })).not.toThrow();
  });

  it("accepts when any v1 matches, in any position, and ignores other schemes", () => {
    const other = independentSignature("whsec_old_secret", TIMESTAMP, PAYLOAD);
    expect(verify(`t=${TIMESTAMP},v1=${other},v1=${GOOD},v0=${"ab".repeat(32)}`)).toEqual({
      valid: true,
    });
    expect(verify(`t=${TIMESTAMP},v1=${GOOD},v1=potato`)).toEqual({ valid: true });
    expect(verify(`v0=${GOOD}, t=${TIMESTAMP}, v1=${GOOD}`)).toEqual({ valid: true });
  });

  it("refuses a header whose only valid signature is under another scheme", () => {
    const result = verify(`t=${TIMESTAMP},v0=${GOOD}`);
    expect(result).toMatchObject({ valid: false, reason: "no_matching_signature" });
    if (!result.valid)
      expect(result.error.message).toBe("The Stripe-Signature header has no v1 signature");
  });

  it("refuses a tampered payload, a changed timestamp and a wrong secret", () => {
    expect(verify(`t=${TIMESTAMP},v1=${GOOD}`, { body: `${PAYLOAD} ` })).toMatchObject({
      valid: false,
      reason: "no_matching_signature",
    });
    expect(verify(`t=${TIMESTAMP + 1},v1=${GOOD}`)).toMatchObject({
      valid: false,
      reason: "no_matching_signature",
    });
    const wrong = independentSignature("whsec_other", TIMESTAMP, PAYLOAD);
    const result = verify(`t=${TIMESTAMP},v1=${wrong}`);
    expect(result).toMatchObject({ valid: false, reason: "no_matching_signature" });
    if (!result.valid) {
      expect(result.error.message).toBe(
        "No v1 signature in the Stripe-Signature header matches the payload",
      );
    }
  });

  it("refuses a timestamp outside the tolerance (default 300 s)", () => {
    const header = `t=${TIMESTAMP},v1=${GOOD}`;
    expect(verify(header, { now: () => (TIMESTAMP + 300) * 1000 })).toEqual({ valid: true });
    const stale = verify(header, { now: () => (TIMESTAMP + 301) * 1000 });
    expect(stale).toMatchObject({ valid: false, reason: "timestamp_out_of_tolerance" });
    if (!stale.valid) {
      expect(stale.error.message).toBe(
        "The timestamp in Stripe-Signature is 301 s in the past, outside the 300 s tolerance",
      );
    }
    expect(
      checkStripeWebhook({
        secret: SECRET,
        body: PAYLOAD,
        headers: { "Stripe-Signature": header },
        now: () => (TIMESTAMP + 15) * 1000,
        toleranceSeconds: 10,
      }),
    ).toMatchObject({ valid: false, reason: "timestamp_out_of_tolerance" });
  });

  it("names a missing or malformed header", () => {
    expect(
      refusal(() => verifyStripeWebhook({ secret: SECRET, body: PAYLOAD, headers: {}, now }))
        .message,
    ).toBe("Missing Stripe-Signature header");
    for (const header of [`v1=${GOOD}`, `t=${TIMESTAMP},t=${TIMESTAMP},v1=${GOOD}`, "bad_header"]) {
      const result = verify(header);
      expect(result).toMatchObject({ valid: false, reason: "malformed_header" });
      if (!result.valid) {
        expect(result.error.message).toBe(
          'Malformed Stripe-Signature header: expected exactly one "t=<timestamp>"',
        );
      }
    }
    expect(verify(`t=soon,v1=${GOOD}`)).toMatchObject({ valid: false, reason: "malformed_header" });
  });

  it("treats a secret with whitespace or none as a configuration error", () => {
    for (const secret of ["", `${SECRET} `, `${SECRET}\n`]) {
      expect(() =>
        checkStripeWebhook({
          secret,
          body: PAYLOAD,
          headers: { "Stripe-Signature": `t=${TIMESTAMP},v1=${GOOD}` },
          now,
        }),
      ).toThrow(expect.objectContaining({ code: "CONFIGURATION" }));
    }
  });

  it("verifies bytes and keeps secrets out of messages", () => {
    const body = new TextEncoder().encode(PAYLOAD);
    expect(
      checkStripeWebhook({
        secret: SECRET,
        body,
        headers: new Headers({ "Stripe-Signature": `t=${TIMESTAMP},v1=${GOOD}` }),
        now,
      }),
    ).toEqual({ valid: true });
    const result = verify(`t=${TIMESTAMP},v1=${"0".repeat(64)}`, { body: "{}" });
    if (result.valid) throw new Error("expected a refusal");
    const text = result.error.message + JSON.stringify(result.error.toJSON());
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(independentSignature(SECRET, TIMESTAMP, "{}"));
  });
});
