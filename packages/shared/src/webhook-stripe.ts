/**
 * Stripe's webhook signatures: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`, each
 * `v1` the hex HMAC-SHA256 of `{t}.{raw body}` keyed with the endpoint's signing secret (the
 * whole `whsec_...` string, not decoded). Stripe sends several `v1` values while a secret is
 * being rolled; any one matching is enough. Other schemes (`v0`, test-mode extras) are ignored.
 * See https://docs.stripe.com/webhooks#verify-manually
 */
import {
  anySignatureMatches,
  assertFreshTimestamp,
  computeHmac,
  configurationError,
  decodeSignature,
  parseUnixSeconds,
  requireHeader,
  requireSecret,
  signatureError,
  signingTimestamp,
  toVerificationResult,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookTimingOptions,
  type WebhookVerificationResult,
} from "./webhook-signatures";

const SCHEME = "stripe";
const HEADER = "Stripe-Signature";

/** What `verifyStripeWebhook` needs. */
export interface StripeVerifyInput extends WebhookTimingOptions {
  /** The endpoint's signing secret, `whsec_...`, used whole as the HMAC key. */
  secret: string;
  /** The raw body, byte for byte as received. */
  body: WebhookBody;
  headers: WebhookHeaders;
}

/** What `signStripeWebhook` needs. */
export interface StripeSignInput {
  secret: string;
  body: WebhookBody;
  /** Unix seconds to sign. Default now. */
  timestamp?: number;
  /** The current time in milliseconds, used when `timestamp` is not given. */
  now?: () => number;
}

function stripeSecret(secret: string): string {
  const checked = requireSecret(secret, "Stripe");
  if (/\s/.test(checked)) {
    throw configurationError(
      "The Stripe webhook secret contains whitespace; check how it was copied",
    );
  }
  return checked;
}

function stripeDigest(secret: string, timestamp: string, body: WebhookBody): Buffer {
  return computeHmac("sha256", secret, [`${timestamp}.`, body]);
}

interface ParsedStripeHeader {
  timestampText: string | undefined;
  signatures: string[];
  timestampCount: number;
}

function parseStripeHeader(value: string): ParsedStripeHeader {
  const parsed: ParsedStripeHeader = {
    timestampText: undefined,
    signatures: [],
    timestampCount: 0,
  };
  for (const item of value.split(",")) {
    const separator = item.indexOf("=");
    if (separator <= 0) continue;
    const key = item.slice(0, separator).trim();
    const entry = item.slice(separator + 1).trim();
    if (key === "t") {
      parsed.timestampText = entry;
      parsed.timestampCount += 1;
    } else if (key === "v1") {
      parsed.signatures.push(entry);
    }
  }
  return parsed;
}

/**
 * Verifies a Stripe webhook: one `v1` signature must match and `t` must be within the
 * tolerance (default 300 s) of now.
 *
 * @throws ConnectorError `SIGNATURE_INVALID` when the header is missing or malformed, carries
 *   no matching `v1`, or its timestamp is outside the tolerance; `CONFIGURATION` when the
 *   secret is empty or contains whitespace.
 */
export function verifyStripeWebhook(input: StripeVerifyInput): void {
  const secret = stripeSecret(input.secret);
  const header = parseStripeHeader(requireHeader(input.headers, HEADER, SCHEME));
  if (header.timestampText === undefined || header.timestampCount !== 1) {
    throw signatureError(
      SCHEME,
      "malformed_header",
      `Malformed ${HEADER} header: expected exactly one "t=<timestamp>"`,
    );
  }
  const timestamp = parseUnixSeconds(header.timestampText, HEADER, SCHEME);
  if (header.signatures.length === 0) {
    throw signatureError(
      SCHEME,
      "no_matching_signature",
      `The ${HEADER} header has no v1 signature`,
    );
  }
  const expected = stripeDigest(secret, header.timestampText, input.body);
  const received = header.signatures.map((signature) => decodeSignature(signature, "hex"));
  if (!anySignatureMatches(received, expected)) {
    throw signatureError(
      SCHEME,
      "no_matching_signature",
      `No v1 signature in the ${HEADER} header matches the payload`,
    );
  }
  assertFreshTimestamp(timestamp, input, HEADER, SCHEME);
}

/** Like `verifyStripeWebhook`, but returns the outcome instead of throwing on a refusal. */
export function checkStripeWebhook(input: StripeVerifyInput): WebhookVerificationResult {
  return toVerificationResult(() => verifyStripeWebhook(input));
}

/** Signs a payload as Stripe does; returns the `Stripe-Signature` header to send. */
export function signStripeWebhook(input: StripeSignInput): { "Stripe-Signature": string } {
  const secret = stripeSecret(input.secret);
  const timestamp = String(signingTimestamp(input));
  const digest = stripeDigest(secret, timestamp, input.body).toString("hex");
  return { "Stripe-Signature": `t=${timestamp},v1=${digest}` };
}
