/**
 * Standard Webhooks (https://www.standardwebhooks.com), symmetric scheme: headers `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (a space-separated list of `v1,<base64>`), each
 * `v1` the base64 HMAC-SHA256 of `{id}.{timestamp}.{raw body}` keyed with the base64-decoded
 * secret (its `whsec_` prefix removed). Other signature versions (`v1a` ed25519) are ignored.
 * Used by Svix and the providers built on it (Clerk, Resend, ...).
 */
import { randomUUID } from "node:crypto";
import {
  anySignatureMatches,
  assertFreshTimestamp,
  computeHmac,
  configurationError,
  decodeSignature,
  parseUnixSeconds,
  requireHeader,
  signatureError,
  signingTimestamp,
  toVerificationResult,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookTimingOptions,
  type WebhookVerificationResult,
} from "./webhook-signatures";

const SCHEME = "standard-webhooks";
const ID_HEADER = "webhook-id";
const TIMESTAMP_HEADER = "webhook-timestamp";
const SIGNATURE_HEADER = "webhook-signature";
const SECRET_PREFIX = "whsec_";
const VERSION = "v1";

/** What `verifyStandardWebhook` needs. */
export interface StandardWebhookVerifyInput extends WebhookTimingOptions {
  /**
   * The signing secret as the provider shows it, `whsec_<base64>` (the prefix is optional), or
   * the raw key bytes.
   */
  secret: string | Uint8Array;
  /** The raw body, byte for byte as received. */
  body: WebhookBody;
  headers: WebhookHeaders;
}

/** What `signStandardWebhook` needs. */
export interface StandardWebhookSignInput {
  secret: string | Uint8Array;
  body: WebhookBody;
  /** The message id. Default a new random `msg_...`. */
  id?: string;
  /** Unix seconds to sign. Default now. */
  timestamp?: number;
  /** The current time in milliseconds, used when `timestamp` is not given. */
  now?: () => number;
}

const BASE64_SECRET_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/** The HMAC key a Standard Webhooks secret stands for. */
function standardWebhookKey(secret: string | Uint8Array): Uint8Array {
  if (typeof secret !== "string") {
    if (secret.byteLength === 0) throw configurationError("The Standard Webhooks secret is empty");
    return secret;
  }
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded === "") throw configurationError("The Standard Webhooks secret is empty");
  if (encoded.length % 4 !== 0 || !BASE64_SECRET_PATTERN.test(encoded)) {
    throw configurationError(
      'The Standard Webhooks secret is not base64 (expected "whsec_" followed by base64)',
    );
  }
  return Buffer.from(encoded, "base64");
}

function standardDigest(key: Uint8Array, id: string, timestamp: string, body: WebhookBody): Buffer {
  return computeHmac("sha256", key, [`${id}.${timestamp}.`, body]);
}

/**
 * Verifies a Standard Webhooks delivery: one `v1` signature must match and `webhook-timestamp`
 * must be within the tolerance (default 300 s) of now. Use `webhook-id` afterwards as the
 * idempotency key.
 *
 * @throws ConnectorError `SIGNATURE_INVALID` when a header is missing or malformed, no `v1`
 *   signature matches, or the timestamp is outside the tolerance; `CONFIGURATION` when the
 *   secret is empty or not base64.
 */
export function verifyStandardWebhook(input: StandardWebhookVerifyInput): void {
  const key = standardWebhookKey(input.secret);
  const id = requireHeader(input.headers, ID_HEADER, SCHEME);
  const timestampText = requireHeader(input.headers, TIMESTAMP_HEADER, SCHEME);
  const signatureText = requireHeader(input.headers, SIGNATURE_HEADER, SCHEME);
  const timestamp = parseUnixSeconds(timestampText, TIMESTAMP_HEADER, SCHEME);

  const signatures: string[] = [];
  for (const entry of signatureText.split(/\s+/)) {
    const separator = entry.indexOf(",");
    if (separator > 0 && entry.slice(0, separator) === VERSION) {
      signatures.push(entry.slice(separator + 1));
    }
  }
  if (signatures.length === 0) {
    throw signatureError(
      SCHEME,
      "no_matching_signature",
      `The ${SIGNATURE_HEADER} header has no ${VERSION} signature`,
    );
  }
  const expected = standardDigest(key, id, timestampText, input.body);
  const received = signatures.map((signature) => decodeSignature(signature, "base64"));
  if (!anySignatureMatches(received, expected)) {
    throw signatureError(
      SCHEME,
      "no_matching_signature",
      `No ${VERSION} signature in the ${SIGNATURE_HEADER} header matches the payload`,
    );
  }
  assertFreshTimestamp(timestamp, input, TIMESTAMP_HEADER, SCHEME);
}

/** Like `verifyStandardWebhook`, but returns the outcome instead of throwing on a refusal. */
export function checkStandardWebhook(input: StandardWebhookVerifyInput): WebhookVerificationResult {
  return toVerificationResult(() => verifyStandardWebhook(input));
}

/** Signs a payload as a Standard Webhooks sender does; returns the three headers to send. */
export function signStandardWebhook(input: StandardWebhookSignInput): {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
} {
  const key = standardWebhookKey(input.secret);
  const id = input.id ?? `msg_${randomUUID().replaceAll("-", "")}`;
  const timestamp = String(signingTimestamp(input));
  const digest = standardDigest(key, id, timestamp, input.body).toString("base64");
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `${VERSION},${digest}`,
  };
}
