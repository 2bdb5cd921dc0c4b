import {
  type ClassifyInput,
  ConnectorError,
  errorCodeForStatus,
  httpFailureMessage,
  isRetryableStatus,
  type ResponseClassification,
} from "@triggo/shared";
import { z } from "zod";

/** The API's address. EU Responses Data Center accounts use `https://api.eu.typeform.com`. */
export const TYPEFORM_API_URL = "https://api.typeform.com";

/** Typeform refuses a bad token with 403 and one of these codes (Troubleshooting > Authentication). */
const REFUSED_TOKEN_CODES = new Set(["AUTHENTICATION_ERROR", "INVALID_AUTHORIZATION"]);

/**
 * Reads Typeform's error body, `{ code, description, details? }`, which the default rules do not
 * know: the `description` becomes the message, the `code` the provider code, and a refused token
 * is AUTH_INVALID whether it comes as 401 or as Typeform's documented 403. Rate limits, timeouts
 * and 5xx keep the default rules, which honour `Retry-After` and never repeat an unsafe write.
 */
export function classifyTypeformResponse({
  status,
  body,
  request,
}: ClassifyInput): ResponseClassification | undefined {
  if (status < 400 || isRetryableStatus(status)) return undefined;
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof fields.code === "string" ? fields.code : undefined;
  const description = typeof fields.description === "string" ? fields.description : undefined;
  const refusedToken = status === 401 || (status === 403 && REFUSED_TOKEN_CODES.has(code ?? ""));
  if (description === undefined && !refusedToken) return undefined;
  const message = httpFailureMessage(request.method ?? "GET", request.path, status, description);
  return {
    outcome: "fail",
    error: new ConnectorError(refusedToken ? "AUTH_INVALID" : errorCodeForStatus(status), message, {
      status,
      ...(code === undefined ? {} : { providerCode: code }),
    }),
  };
}

/** A date-time as Typeform's `since` and `until` take it: UTC, to the second, `T` between. */
export function toTypeformTime(isoDateTime: string): string {
  return new Date(isoDateTime).toISOString().slice(0, 19);
}

/** One response, as the Responses API lists it and a webhook delivers it (lenient). */
export const typeformResponseSchema = z.looseObject({
  token: z.string(),
  landed_at: z.string().nullish(),
  submitted_at: z.string().nullish(),
  hidden: z.record(z.string(), z.unknown()).nullish(),
  answers: z
    .array(z.looseObject({ type: z.string(), field: z.looseObject({ id: z.string() }) }))
    .nullish(),
});

/** A form response: its token, when it was started and submitted, and its answers. */
export type TypeformResponse = z.infer<typeof typeformResponseSchema>;

/** A page of GET /forms/{form_id}/responses. */
export interface TypeformResponsePage {
  total_items: number;
  page_count: number;
  items: TypeformResponse[];
}
