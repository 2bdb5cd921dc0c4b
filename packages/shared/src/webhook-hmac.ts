/**
 * Plain HMAC over the raw body, the scheme of GitHub (`X-Hub-Signature-256: sha256=<hex>`) and
 * of many smaller providers (Shopify: base64 SHA-256, no prefix; older ones: SHA-1 hex).
 * There is no timestamp, so no replay window: a provider that signs only the body cannot be
 * protected against replays by its receiver.
 */
import {
  computeHmac,
  configurationError,
  decodeSignature,
  type HmacAlgorithm,
  requireHeader,
  requireSecret,
  type SignatureEncoding,
  signatureError,
  signatureMatches,
  toVerificationResult,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookVerificationResult,
} from "./webhook-signatures";

/** Where and how a provider writes a plain HMAC of the body. */
export interface HmacSignatureScheme {
  /** The header that carries the signature, for example `X-Hub-Signature-256`. */
  header: string;
  /** Default `sha256`. */
  algorithm?: HmacAlgorithm;
  /** Default `hex`. Hex signatures are compared whatever their letter case. */
  encoding?: SignatureEncoding;
  /** Text in front of the digest, for example `sha256=`. Default none. */
  prefix?: string;
}

/** What `verifyHmacWebhook` needs. */
export interface HmacVerifyInput extends HmacSignatureScheme {
  /** The shared secret, used as UTF-8 bytes (or as is when bytes). */
  secret: string | Uint8Array;
  /** The raw body, byte for byte as received. */
  body: WebhookBody;
  headers: WebhookHeaders;
}

/** What `signHmacWebhook` needs. */
export interface HmacSignInput extends HmacSignatureScheme {
  secret: string | Uint8Array;
  body: WebhookBody;
}

/** GitHub's scheme: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`. */
export const GITHUB_SIGNATURE_SCHEME = {
  header: "X-Hub-Signature-256",
  algorithm: "sha256",
  encoding: "hex",
  prefix: "sha256=",
} as const satisfies HmacSignatureScheme;

const SCHEME = "hmac";

function secretKey(secret: string | Uint8Array): string | Uint8Array {
  if (typeof secret === "string") return requireSecret(secret, SCHEME);
  if (secret.byteLength === 0) throw configurationError("The hmac webhook secret is empty");
  return secret;
}

/**
 * Verifies a plain HMAC of the raw body.
 *
 * @throws ConnectorError `SIGNATURE_INVALID` when the header is missing, lacks the prefix, or
 *   does not match; `CONFIGURATION` when the secret is empty.
 */
export function verifyHmacWebhook(input: HmacVerifyInput): void {
  const key = secretKey(input.secret);
  const algorithm = input.algorithm ?? "sha256";
  const encoding = input.encoding ?? "hex";
  const prefix = input.prefix ?? "";
  const value = requireHeader(input.headers, input.header, SCHEME);
  if (!value.startsWith(prefix)) {
    throw signatureError(
      SCHEME,
      "malformed_header",
      `Malformed ${input.header} header: expected it to start with "${prefix}"`,
    );
  }
  const received = decodeSignature(value.slice(prefix.length), encoding);
  const expected = computeHmac(algorithm, key, [input.body]);
  if (!signatureMatches(received, expected)) {
    throw signatureError(
      SCHEME,
      "no_matching_signature",
      `The ${input.header} signature does not match the body`,
    );
  }
}

/** Like `verifyHmacWebhook`, but returns the outcome instead of throwing on a refusal. */
export function checkHmacWebhook(input: HmacVerifyInput): WebhookVerificationResult {
  return toVerificationResult(() => verifyHmacWebhook(input));
}

/** Signs a body as the scheme describes; returns the header to send. */
export function signHmacWebhook(input: HmacSignInput): Record<string, string> {
  const key = secretKey(input.secret);
  const digest = computeHmac(input.algorithm ?? "sha256", key, [input.body]);
  return { [input.header]: `${input.prefix ?? ""}${digest.toString(input.encoding ?? "hex")}` };
}

/** What `verifyGitHubWebhook` needs. */
export interface GitHubVerifyInput {
  /** The webhook's secret, as typed in GitHub's settings. */
  secret: string;
  body: WebhookBody;
  headers: WebhookHeaders;
}

/**
 * Verifies a GitHub delivery by its `X-Hub-Signature-256` header (the SHA-1 `X-Hub-Signature`
 * is ignored).
 *
 * @throws ConnectorError `SIGNATURE_INVALID` (see `verifyHmacWebhook`).
 */
export function verifyGitHubWebhook(input: GitHubVerifyInput): void {
  verifyHmacWebhook({ ...GITHUB_SIGNATURE_SCHEME, ...input });
}

/** Like `verifyGitHubWebhook`, but returns the outcome instead of throwing on a refusal. */
export function checkGitHubWebhook(input: GitHubVerifyInput): WebhookVerificationResult {
  return toVerificationResult(() => verifyGitHubWebhook(input));
}

/**
 * Signs a body as GitHub does: both `X-Hub-Signature-256` (`sha256=<hex>`) and the legacy
 * `X-Hub-Signature` (`sha1=<hex>`).
 */
export function signGitHubWebhook(input: { secret: string; body: WebhookBody }): {
  "X-Hub-Signature-256": string;
  "X-Hub-Signature": string;
} {
  const secret = requireSecret(input.secret, "GitHub");
  const sha256 = computeHmac("sha256", secret, [input.body]).toString("hex");
  const sha1 = computeHmac("sha1", secret, [input.body]).toString("hex");
  return { "X-Hub-Signature-256": `sha256=${sha256}`, "X-Hub-Signature": `sha1=${sha1}` };
}
