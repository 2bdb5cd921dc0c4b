/**
 * What every webhook signature scheme shares: how headers and raw bodies are read, how
 * signatures are compared, how timestamps are checked against a replay window, and how a
 * failure is reported. The schemes themselves live in `webhook-hmac.ts`, `webhook-slack.ts`,
 * `webhook-stripe.ts` and `standard-webhooks.ts`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ConnectorError } from "./errors";

/** The raw request body, exactly as received: a string is signed as its UTF-8 bytes. */
export type WebhookBody = string | Uint8Array;

/**
 * Request headers: a `Headers`, or a plain object (Node's `IncomingHttpHeaders`, a framework's
 * header map). Plain-object lookups ignore case; repeated values are joined with `", "` as
 * `Headers` does.
 */
export type WebhookHeaders =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** How far (in seconds) a signed timestamp may be from now, either way, by default. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Options every timestamped scheme accepts. */
export interface WebhookTimingOptions {
  /** How far the signed timestamp may be from now, in seconds, either way. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch. Default `Date.now`; the hook for tests. */
  now?: () => number;
}

/** Why a delivery was refused; also in `error.details.reason`. */
export type SignatureFailureReason =
  | "missing_header"
  | "malformed_header"
  | "timestamp_out_of_tolerance"
  | "no_matching_signature";

/** The outcome of a non-throwing `check*Webhook` call. */
export type WebhookVerificationResult =
  | { valid: true }
  | { valid: false; reason: SignatureFailureReason; error: ConnectorError };

/** The HMAC digests the schemes use. */
export type HmacAlgorithm = "sha1" | "sha256" | "sha512";

/** How a digest is written in a header. */
export type SignatureEncoding = "hex" | "base64";

/** The error every scheme throws for a delivery it refuses. */
export function signatureError(
  scheme: string,
  reason: SignatureFailureReason,
  message: string,
): ConnectorError {
  return new ConnectorError("SIGNATURE_INVALID", message, { details: { scheme, reason } });
}

/** The error for a verifier or signer used wrongly (no secret, bad tolerance). */
export function configurationError(message: string): ConnectorError {
  return new ConnectorError("CONFIGURATION", message);
}

/** Reads one header, ignoring case. Returns `undefined` when it is absent. */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof Headers !== "undefined" && headers instanceof Headers) {
    return headers.get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
    if (typeof value === "string") values.push(value);
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "string") values.push(item);
    }
  }
  return values.length === 0 ? undefined : values.join(", ");
}

/** Reads a header that must be present and non-empty, or throws `missing_header`. */
export function requireHeader(headers: WebhookHeaders, name: string, scheme: string): string {
  const value = readHeader(headers, name)?.trim();
  if (value === undefined || value === "") {
    throw signatureError(scheme, "missing_header", `Missing ${name} header`);
  }
  return value;
}

/** A secret must be a non-empty string; an empty one would make every forgery valid. */
export function requireSecret(secret: unknown, scheme: string): string {
  if (typeof secret !== "string" || secret === "") {
    throw configurationError(`The ${scheme} webhook secret is empty`);
  }
  return secret;
}

/** Computes an HMAC over several parts, as if they had been concatenated. */
export function computeHmac(
  algorithm: HmacAlgorithm,
  key: string | Uint8Array,
  parts: ReadonlyArray<WebhookBody>,
): Buffer {
  const hmac = createHmac(algorithm, key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

const HEX_PATTERN = /^[0-9a-fA-F]*$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes a signature as written in a header; `undefined` when it is not valid in that
 * encoding (a malformed signature then simply fails to match).
 */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
  if (encoding === "hex") {
    if (text.length % 2 !== 0 || !HEX_PATTERN.test(text)) return undefined;
    return Buffer.from(text, "hex");
  }
  if (text.length % 4 !== 0 || !BASE64_PATTERN.test(text)) return undefined;
  return Buffer.from(text, "base64");
}

/**
 * Compares a received signature with the expected digest in constant time. A received value of
 * another length (which only reveals that length) is compared against a dummy of the right
 * length, so that every call does the same work.
 */
export function signatureMatches(received: Uint8Array | undefined, expected: Uint8Array): boolean {
  const sameLength = received !== undefined && received.byteLength === expected.byteLength;
  const candidate = sameLength ? received : new Uint8Array(expected.byteLength);
  return timingSafeEqual(candidate, expected) && sameLength;
}

/**
 * True when any received signature matches. Every candidate is compared: no early exit that
 * would tell which position matched.
 */
export function anySignatureMatches(
  received: ReadonlyArray<Uint8Array | undefined>,
  expected: Uint8Array,
): boolean {
  let matched = false;
  for (const signature of received) {
    if (signatureMatches(signature, expected)) matched = true;
  }
  return matched;
}

const UNIX_SECONDS_PATTERN = /^\d{1,15}$/;

/** Parses a Unix timestamp in whole seconds, or throws `malformed_header`. */
export function parseUnixSeconds(value: string, headerName: string, scheme: string): number {
  if (!UNIX_SECONDS_PATTERN.test(value)) {
    throw signatureError(
      scheme,
      "malformed_header",
      `Malformed ${headerName} header: the timestamp is not a Unix time in seconds`,
    );
  }
  return Number(value);
}

/** Resolves and checks the tolerance option. */
export function toleranceFrom(options: WebhookTimingOptions): number {
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw configurationError("toleranceSeconds must be a finite number of seconds, 0 or more");
  }
  return tolerance;
}

/** The current Unix time in seconds (may be fractional), from the injectable clock. */
export function nowSeconds(options: { now?: () => number }): number {
  return (options.now ?? Date.now)() / 1000;
}

/** Refuses a signed timestamp further than the tolerance from now (a replay or a bad clock). */
export function assertFreshTimestamp(
  timestamp: number,
  options: WebhookTimingOptions,
  headerName: string,
  scheme: string,
): void {
  const tolerance = toleranceFrom(options);
  const skew = nowSeconds(options) - timestamp;
  if (Math.abs(skew) > tolerance) {
    const distance = `${Math.round(Math.abs(skew))} s ${skew > 0 ? "in the past" : "in the future"}`;
    throw signatureError(
      scheme,
      "timestamp_out_of_tolerance",
      `The timestamp in ${headerName} is ${distance}, outside the ${tolerance} s tolerance`,
    );
  }
}

/** The timestamp a signer uses: the one given, or now (whole seconds). */
export function signingTimestamp(options: { timestamp?: number; now?: () => number }): number {
  const timestamp = options.timestamp ?? Math.floor(nowSeconds(options));
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw configurationError("timestamp must be a whole number of seconds since the epoch");
  }
  return timestamp;
}

/** Runs a throwing verifier and turns a refusal into a result; other errors still throw. */
export function toVerificationResult(verify: () => void): WebhookVerificationResult {
  try {
    verify();
    return { valid: true };
  } catch (error) {
    if (ConnectorError.is(error) && error.code === "SIGNATURE_INVALID") {
      const reason = error.details?.reason as SignatureFailureReason;
      return { valid: false, reason, error };
    }
    throw error;
  }
}
