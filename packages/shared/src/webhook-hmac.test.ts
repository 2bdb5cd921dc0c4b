import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ConnectorError } from "./errors";
import {
  checkGitHubWebhook,
  checkHmacWebhook,
  signGitHubWebhook,
  signHmacWebhook,
  verifyGitHubWebhook,
  verifyHmacWebhook,
} from "./webhook-hmac";

/**
 * GitHub's published example, from "Validating webhook deliveries" > "Testing the webhook
 * payload validation":
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
const GITHUB_SECRET = "It's a Secret to Everybody";
const GITHUB_PAYLOAD = "Hello, World!";
const GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

function refusal(run: () => void): ConnectorError {
  try {
    run();
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error("expected a refusal");
}

describe("GitHub", () => {
  it("accepts GitHub's documented example", () => {
    expect(() =>
      verifyGitHubWebhook({
        secret: GITHUB_SECRET,
        body: GITHUB_PAYLOAD,
        headers: { "X-Hub-Signature-256": GITHUB_SIGNATURE },
      }),
    ).not.toThrow();
  });

  it("signs GitHub's documented example exactly, with the legacy SHA-1 header too", () => {
    const headers = signGitHubWebhook({ secret: GITHUB_SECRET, body: GITHUB_PAYLOAD });
    expect(headers["X-Hub-Signature-256"]).toBe(GITHUB_SIGNATURE);
    const sha1 = createHmac("sha1", GITHUB_SECRET).update(GITHUB_PAYLOAD).digest("hex");
    expect(headers["X-Hub-Signature"]).toBe(`sha1=${sha1}`);
  });

  it("verifies the exact bytes when the body is a Uint8Array, and Headers objects", () => {
    expect(() =>
      verifyGitHubWebhook({
        secret: GITHUB_SECRET,
        body: new TextEncoder().encode(GITHUB_PAYLOAD),
        headers: new Headers({ "x-hub-signature-256": GITHUB_SIGNATURE }),
      }),
    ).not.toThrow();
  });

  it("refuses a tampered body, a wrong secret and a changed signature", () => {
    const headers = { "x-hub-signature-256": GITHUB_SIGNATURE };
    for (const input of [
      { secret: GITHUB_SECRET, body: "Hello, World?", headers },
      { secret: "It's a secret to everybody", body: GITHUB_PAYLOAD, headers },
      {
        secret: GITHUB_SECRET,
        body: GITHUB_PAYLOAD,
        headers: { "x-hub-signature-256": `${GITHUB_SIGNATURE.slice(0, -1)}8` },
      },
      {
        secret: GITHUB_SECRET,
        body: GITHUB_PAYLOAD,
        headers: { "x-hub-signature-256": GITHUB_SIGNATURE.slice(0, 20) },
      },
      {
        secret: GITHUB_SECRET,
        body: GITHUB_PAYLOAD,
        headers: { "x-hub-signature-256": "sha256=" },
      },
    ]) {
      const error = refusal(() => verifyGitHubWebhook(input));
      expect(error.code).toBe("SIGNATURE_INVALID");
      expect(error.message).toBe("The X-Hub-Signature-256 signature does not match the body");
      expect(error.details).toEqual({ scheme: "hmac", reason: "no_matching_signature" });
    }
  });

  it("says which header is missing or malformed", () => {
    expect(
      refusal(() =>
        verifyGitHubWebhook({ secret: GITHUB_SECRET, body: GITHUB_PAYLOAD, headers: {} }),
      ).message,
    ).toBe("Missing X-Hub-Signature-256 header");
    const sha1Only = refusal(() =>
      verifyGitHubWebhook({
        secret: GITHUB_SECRET,
        body: GITHUB_PAYLOAD,
        headers: { "X-Hub-Signature-256": GITHUB_SIGNATURE.replace("sha256=", "sha1=") },
      }),
    );
    expect(sha1Only.message).toBe(
      'Malformed X-Hub-Signature-256 header: expected it to start with "sha256="',
    );
    expect(sha1Only.details).toEqual({ scheme: "hmac", reason: "malformed_header" });
  });

  it("accepts upper-case hex", () => {
    const upper = `sha256=${GITHUB_SIGNATURE.slice("sha256=".length).toUpperCase()}`;
    expect(
      checkGitHubWebhook({
        secret: GITHUB_SECRET,
        body: GITHUB_PAYLOAD,
        headers: { "X-Hub-Signature-256": upper },
      }),
    ).toEqual({ valid: true });
  });

  it("never puts the secret or the expected signature in its messages", () => {
    const result = checkGitHubWebhook({
      secret: GITHUB_SECRET,
      body: "tampered",
      headers: { "X-Hub-Signature-256": "sha256=00" },
    });
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.reason).toBe("no_matching_signature");
    const expectedForTampered = createHmac("sha256", GITHUB_SECRET)
      .update("tampered")
      .digest("hex");
    const text = JSON.stringify(result.error.toJSON()) + result.error.message;
    expect(text).not.toContain(GITHUB_SECRET);
    expect(text).not.toContain(expectedForTampered);
  });

  it("refuses an empty secret as a configuration error, not a refusal", () => {
    expect(() => checkGitHubWebhook({ secret: "", body: GITHUB_PAYLOAD, headers: {} })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION" }),
    );
  });
});

describe("generic HMAC", () => {
  /**
   * stripe-node's HMAC-SHA256 test cases (secret "test_secret", hex, no prefix), from
   * https://github.com/stripe/stripe-node/blob/master/test/crypto/helpers.ts
   */
  const STRIPE_NODE_CASES = [
    { body: "", hex: "f7f9bd47fb987337b5796fdc1fdb9ba221d0d5396814bfcaf9521f43fd8927fd" },
    {
      body: JSON.stringify({ obj1: "hello", obj2: "world" }),
      hex: "bebb1a643997f419b315ddba19e6f5411e1ce7f810ba6d3617ce72823092f363",
    },
    {
      body: "\ud83d\ude00",
      hex: "837da296d05c4fe31f61d5d7ead035099d9585a5bcde87de952012a78f0b0c43",
    },
  ];

  it.each(STRIPE_NODE_CASES)("reproduces stripe-node's HMAC vector for %j", ({ body, hex }) => {
    const scheme = { header: "X-Signature" };
    expect(signHmacWebhook({ ...scheme, secret: "test_secret", body })).toEqual({
      "X-Signature": hex,
    });
    expect(() =>
      verifyHmacWebhook({
        ...scheme,
        secret: "test_secret",
        body,
        headers: { "x-signature": hex },
      }),
    ).not.toThrow();
  });

  it.each([
    ["sha1", "hex"],
    ["sha256", "base64"],
    ["sha512", "hex"],
    ["sha512", "base64"],
  ] as const)("signs and verifies %s/%s like an independent HMAC", (algorithm, encoding) => {
    const body = new Uint8Array([0, 1, 2, 250, 255]);
    const secret = "shpss_shared";
    const independent = createHmac(algorithm, secret).update(body).digest(encoding);
    const scheme = { header: "X-Shopify-Hmac-Sha256", algorithm, encoding, prefix: "v=" };
    expect(signHmacWebhook({ ...scheme, secret, body })).toEqual({
      "X-Shopify-Hmac-Sha256": `v=${independent}`,
    });
    const headers = { "x-shopify-hmac-sha256": `v=${independent}` };
    expect(checkHmacWebhook({ ...scheme, secret, body, headers })).toEqual({ valid: true });
    expect(checkHmacWebhook({ ...scheme, secret, body: body.subarray(1), headers })).toMatchObject({
      valid: false,
      reason: "no_matching_signature",
    });
    // The same digest under another algorithm must not pass.
    const other = algorithm === "sha512" ? "sha256" : "sha512";
    expect(checkHmacWebhook({ ...scheme, algorithm: other, secret, body, headers }).valid).toBe(
      false,
    );
  });

  it("accepts a key given as bytes", () => {
    const key = new Uint8Array([1, 2, 3, 4]);
    const hex = createHmac("sha256", key).update("body").digest("hex");
    expect(
      checkHmacWebhook({ header: "X-Sig", secret: key, body: "body", headers: { "x-sig": hex } }),
    ).toEqual({ valid: true });
  });
});
