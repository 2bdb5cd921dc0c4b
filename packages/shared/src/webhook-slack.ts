/**
 * Slack's request signing, version 0: `X-Slack-Signature: v0=<hex>`, the hex HMAC-SHA256, keyed
 * with the app's signing secret, of `v0:{X-Slack-Request-Timestamp}:{raw body}`.
 * See https://api.slack.com/authentication/verifying-requests-from-slack
 */
import {
  assertFreshTimestamp,
  computeHmac,
  decodeSignature,
  parseUnixSeconds,
  requireHeader,
  requireSecret,
  signatureError,
  signatureMatches,
  signingTimestamp,
  toVerificationResult,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookTimingOptions,
  type WebhookVerificationResult,
} from "./webhook-signatures";

const SCHEME = "slack";
const VERSION = "v0";
const SIGNATURE_HEADER = "X-Slack-Signature";
const TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

/** What `verifySlackWebhook` needs. */
export interface SlackVerifyInput extends WebhookTimingOptions {
  /** The app's signing secret (Basic Information page), used as is. */
  secret: string;
  /** The raw body, byte for byte as received (form-encoded or JSON). */
  body: WebhookBody;
  headers: WebhookHeaders;
}

/** What `signSlackWebhook` needs. */
export interface SlackSignInput {
  secret: string;
  body: WebhookBody;
  /** Unix seconds to sign. Default now. */
  timestamp?: number;
  /** The current time in milliseconds, used when `timestamp` is not given. */
  now?: () => number;
}

function slackDigest(secret: string, timestamp: string, body: WebhookBody): Buffer {
  return computeHmac("sha256", secret, [`${VERSION}:${timestamp}:`, body]);
}

/**
 * Verifies a request from Slack: the signature must match and the timestamp must be within the
 * tolerance (default 300 s) of now.
 *
 * @throws ConnectorError `SIGNATURE_INVALID` when a header is missing or malformed, the
 *   signature does not match, or the timestamp is outside the tolerance; `CONFIGURATION` when
 *   the secret is empty.
 */
export function verifySlackWebhook(input: SlackVerifyInput): void {
  const secret = requireSecret(input.secret, "Slack");
  const timestampText = requireHeader(input.headers, TIMESTAMP_HEADER, SCHEME);
  const signatureText = requireHeader(input.headers, SIGNATURE_HEADER, SCHEME);
  const timestamp = parseUnixSeconds(timestampText, TIMESTAMP_HEADER, SCHEME);
  if (!signatureText.startsWith(`${VERSION}=`)) {
    throw signatureError(
      SCHEME,
      "malformed_header",
      `Malformed ${SIGNATURE_HEADER} header: expected "${VERSION}=<hex>"`,
    );
  }
  const received = decodeSignature(signatureText.slice(VERSION.length + 1), "hex");
  if (!signatureMatches(received, slackDigest(secret, timestampText, input.body))) {
    throw signatureError(
      SCHEME,
      "no_matching_signature",
      `The ${SIGNATURE_HEADER} signature does not match the request`,
    );
  }
  assertFreshTimestamp(timestamp, input, TIMESTAMP_HEADER, SCHEME);
}

/** Like `verifySlackWebhook`, but returns the outcome instead of throwing on a refusal. */
export function checkSlackWebhook(input: SlackVerifyInput): WebhookVerificationResult {
  return toVerificationResult(() => verifySlackWebhook(input));
}

/** Signs a request as Slack does; returns the two headers to send. */
export function signSlackWebhook(input: SlackSignInput): {
  "X-Slack-Request-Timestamp": string;
  "X-Slack-Signature": string;
} {
  const secret = requireSecret(input.secret, "Slack");
  const timestamp = String(signingTimestamp(input));
  const digest = slackDigest(secret, timestamp, input.body).toString("hex");
  return { "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": `${VERSION}=${digest}` };
}
