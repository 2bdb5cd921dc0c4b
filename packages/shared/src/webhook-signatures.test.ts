import { describe, expect, it } from "vitest";
import { ConnectorError } from "./errors";
import {
  anySignatureMatches,
  assertFreshTimestamp,
  decodeSignature,
  readHeader,
  signatureError,
  signatureMatches,
  signingTimestamp,
  toVerificationResult,
} from "./webhook-signatures";

describe("readHeader", () => {
  it("finds a header in a plain object whatever its case", () => {
    expect(readHeader({ "x-slack-signature": "v0=abc" }, "X-Slack-Signature")).toBe("v0=abc");
    expect(readHeader({ "X-SLACK-SIGNATURE": "v0=abc" }, "x-slack-signature")).toBe("v0=abc");
    expect(readHeader({ other: "1" }, "x-slack-signature")).toBeUndefined();
    expect(readHeader({ "x-slack-signature": undefined }, "x-slack-signature")).toBeUndefined();
  });

  it("joins repeated values the way Headers does", () => {
    expect(readHeader({ "webhook-signature": ["v1,a", "v1,b"] }, "Webhook-Signature")).toBe(
      "v1,a, v1,b",
    );
    const headers = new Headers();
    headers.append("Webhook-Signature", "v1,a");
    headers.append("webhook-signature", "v1,b");
    expect(readHeader(headers, "webhook-signature")).toBe("v1,a, v1,b");
  });

  it("reads a Headers object", () => {
    expect(readHeader(new Headers({ "Stripe-Signature": "t=1" }), "stripe-signature")).toBe("t=1");
    expect(readHeader(new Headers(), "stripe-signature")).toBeUndefined();
  });
});

describe("signature comparison", () => {
  const expected = Buffer.from("00112233445566778899aabbccddeeff", "hex");

  it("matches equal bytes only", () => {
    expect(signatureMatches(Buffer.from(expected), expected)).toBe(true);
    const flipped = Buffer.from(expected);
    flipped[15] = 0xfe;
    expect(signatureMatches(flipped, expected)).toBe(false);
  });

  it("refuses other lengths and undecodable input", () => {
    expect(signatureMatches(expected.subarray(0, 8), expected)).toBe(false);
    expect(signatureMatches(Buffer.concat([expected, Buffer.from([0])]), expected)).toBe(false);
    expect(signatureMatches(undefined, expected)).toBe(false);
    // A value of the wrong length that happens to be all zeros must not match the dummy.
    expect(signatureMatches(new Uint8Array(4), new Uint8Array(16))).toBe(false);
  });

  it("accepts when any candidate matches", () => {
    expect(anySignatureMatches([undefined, Buffer.alloc(16), expected], expected)).toBe(true);
    expect(anySignatureMatches([undefined, Buffer.alloc(16)], expected)).toBe(false);
    expect(anySignatureMatches([], expected)).toBe(false);
  });

  it("decodes hex and base64 strictly", () => {
    expect(decodeSignature("0aFF", "hex")).toEqual(Buffer.from([0x0a, 0xff]));
    expect(decodeSignature("0a0", "hex")).toBeUndefined();
    expect(decodeSignature("zz", "hex")).toBeUndefined();
    expect(decodeSignature("AAE=", "base64")).toEqual(Buffer.from([0, 1]));
    expect(decodeSignature("AAE", "base64")).toBeUndefined();
    expect(decodeSignature("AA-_", "base64")).toBeUndefined();
  });
});

describe("assertFreshTimestamp", () => {
  const now = () => 1_700_000_000_000;

  it("accepts the edges of the window and refuses beyond", () => {
    expect(() => assertFreshTimestamp(1_700_000_000 - 300, { now }, "T", "test")).not.toThrow();
    expect(() => assertFreshTimestamp(1_700_000_000 + 300, { now }, "T", "test")).not.toThrow();
    expect(() => assertFreshTimestamp(1_700_000_000 - 301, { now }, "T", "test")).toThrow(
      "The timestamp in T is 301 s in the past, outside the 300 s tolerance",
    );
    expect(() => assertFreshTimestamp(1_700_000_000 + 301, { now }, "T", "test")).toThrow(
      "The timestamp in T is 301 s in the future, outside the 300 s tolerance",
    );
  });

  it("uses the tolerance given and refuses a nonsensical one", () => {
    expect(() =>
      assertFreshTimestamp(1_700_000_000 - 20, { now, toleranceSeconds: 10 }, "T", "test"),
    ).toThrow("outside the 10 s tolerance");
    expect(() =>
      assertFreshTimestamp(1_700_000_000, { now, toleranceSeconds: -1 }, "T", "test"),
    ).toThrow(expect.objectContaining({ code: "CONFIGURATION" }));
  });

  it("reports a stale timestamp as SIGNATURE_INVALID with its reason", () => {
    try {
      assertFreshTimestamp(0, { now }, "T", "test");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).code).toBe("SIGNATURE_INVALID");
      expect((error as ConnectorError).retryable).toBe(false);
      expect((error as ConnectorError).details).toEqual({
        scheme: "test",
        reason: "timestamp_out_of_tolerance",
      });
    }
  });
});

describe("signingTimestamp", () => {
  it("defaults to now in whole seconds and checks a given one", () => {
    expect(signingTimestamp({ now: () => 1_700_000_000_999 })).toBe(1_700_000_000);
    expect(signingTimestamp({ timestamp: 5 })).toBe(5);
    expect(() => signingTimestamp({ timestamp: 1.5 })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION" }),
    );
  });
});

describe("toVerificationResult", () => {
  it("turns a refusal into a result and lets other errors through", () => {
    expect(toVerificationResult(() => {})).toEqual({ valid: true });
    const refusal = signatureError("test", "missing_header", "Missing X header");
    expect(
      toVerificationResult(() => {
        throw refusal;
      }),
    ).toEqual({ valid: false, reason: "missing_header", error: refusal });
    expect(() =>
      toVerificationResult(() => {
        throw new ConnectorError("CONFIGURATION", "no secret");
      }),
    ).toThrow("no secret");
  });
});
