import {
  ConnectorError,
  type FormValue,
  formEntries,
  type HttpBody,
  type HttpMethod,
  type QueryValue,
} from "@triggo/shared";
import { type Action, createAction } from "./action";
import type { AnyAuth } from "./auth";
import { Property } from "./property";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

const customApiCallProps = {
  method: Property.StaticDropdown({
    displayName: "Method",
    description: "The HTTP method.",
    required: true,
    defaultValue: "GET",
    options: METHODS.map((method) => ({ label: method, value: method })),
  }),
  path: Property.ShortText({
    displayName: "Path",
    description: "The endpoint's path relative to the API's base URL, e.g. /v1/things/123.",
    required: true,
  }),
  query: Property.Json({
    displayName: "Query parameters",
    description: 'An object of query parameters, e.g. { "limit": 10 }. Arrays repeat the key.',
  }),
  headers: Property.Json({
    displayName: "Headers",
    description: "An object of extra headers. Authentication is added for you.",
  }),
  body: Property.Json({
    displayName: "Body",
    description: "The request body, sent in the API's usual encoding.",
  }),
};

export interface CustomApiCallOutput {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function checkRecord(name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConnectorError("VALIDATION", `"${name}" must be a JSON object of names to values.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Query values as the API reads them: nested objects in bracket notation
 * (`{ created: { gte: 1 } }` → `created[gte]=1`), arrays repeating the key.
 */
function flattenQuery(
  query: Record<string, unknown> | undefined,
): Record<string, QueryValue> | undefined {
  if (!query) return undefined;
  const flat: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [name, entry] of formEntries({ [key]: value as FormValue })) flat[name] = entry;
    } else {
      flat[key] = value as QueryValue;
    }
  }
  return flat;
}

/**
 * The `custom_api_call` action every HTTP connector offers: any endpoint of the provider's API,
 * sent with the connector's auth, retries, rate-limit and error handling. The path must be
 * relative to the base URL, so the credentials can never be sent to another host.
 */
export function createCustomApiCallAction<A extends AnyAuth>(options: {
  auth?: A;
  /** Names the API in the description, e.g. "the Slack Web API". */
  apiName: string;
  /** How `body` is encoded. Default JSON; Stripe and Slack's some methods take forms. */
  bodyEncoding?: "json" | "form";
  /** A sample response for docs. */
  sampleData?: CustomApiCallOutput;
}): Action<"custom_api_call", A, typeof customApiCallProps, CustomApiCallOutput> {
  return createAction({
    name: "custom_api_call",
    displayName: "Custom API call",
    description: `Calls any endpoint of ${options.apiName} with this connection's credentials.`,
    props: customApiCallProps,
    ...(options.auth ? { auth: options.auth } : {}),
    sampleData: options.sampleData ?? {
      status: 200,
      headers: { "content-type": "application/json" },
      body: {},
    },
    async run(context) {
      const { method, path } = context.propsValue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("//")) {
        throw new ConnectorError(
          "VALIDATION",
          `"path" must be relative to the API's base URL (e.g. /v1/things), not a full URL: credentials are only sent to the connector's own API.`,
        );
      }
      const query = flattenQuery(checkRecord("query", context.propsValue.query));
      const headers = checkRecord("headers", context.propsValue.headers) as
        | Record<string, string>
        | undefined;
      const given = context.propsValue.body;
      let body: HttpBody | undefined;
      if (given !== undefined) {
        body =
          options.bodyEncoding === "form"
            ? { form: checkRecord("body", given) as Record<string, never> }
            : { json: given };
      }
      const response = await context.http.request({
        method: method as HttpMethod,
        path: path.startsWith("/") ? path : `/${path}`,
        ...(query ? { query } : {}),
        ...(headers ? { headers } : {}),
        ...(body ? { body } : {}),
        signal: context.signal,
      });
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        responseHeaders[key] = value;
      });
      return { status: response.status, headers: responseHeaders, body: response.body };
    },
  });
}
