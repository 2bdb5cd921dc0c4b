import type { WebhookResponse } from "@triggo/connector-sdk";
import { ConnectorError, type ErrorCode } from "@triggo/shared";

/** What the ingress answers: a status and a JSON body (or a handshake's own response). */
export type IngressResponse = WebhookResponse & { status: number };

/** The HTTP status a failure to take a delivery maps to. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  SIGNATURE_INVALID: 401,
  VALIDATION: 400,
  NOT_FOUND: 404,
};

/** A JSON error answer with the error's code and message (never a secret: messages are redacted). */
export function errorResponse(status: number, code: ErrorCode, message: string): IngressResponse {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: { error: { code, message } },
  };
}

/** Maps a failure of verify, handshake or run to the answer the provider gets. */
export function failureResponse(error: unknown): IngressResponse {
  const failure = ConnectorError.is(error)
    ? error
    : new ConnectorError("UNKNOWN", error instanceof Error ? error.message : String(error));
  const status = STATUS_BY_CODE[failure.code] ?? 500;
  const message =
    failure.code === "SIGNATURE_INVALID"
      ? `The delivery's signature is missing, forged or stale; nothing was stored. ${failure.message}`
      : failure.message;
  return errorResponse(status, failure.code, message);
}

/** 200 with how many events were stored (0 for a duplicate, with `duplicate: true`). */
export function acceptedResponse(stored: number, duplicate = false): IngressResponse {
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: { received: true, events: stored, ...(duplicate ? { duplicate: true } : {}) },
  };
}
