/** Building request URLs: base URL and path, then the query string. */
import { ConnectorError } from "./errors";
import type { QueryParams, QueryScalar } from "./http-types";

const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:\/\//i;

/** Whether `path` is a whole URL (`https://api.github.com/...`) rather than a path. */
export function isAbsoluteUrl(path: string): boolean {
  return ABSOLUTE_URL.test(path);
}

/**
 * Joins a base URL and a path with exactly one slash between them; an absolute URL in `path` is
 * used as it is. Throws a CONFIGURATION error when the result is not a URL.
 */
export function joinUrl(baseUrl: string | undefined, path: string): URL {
  let joined: string;
  if (isAbsoluteUrl(path)) joined = path;
  else if (baseUrl) {
    joined = path === "" ? baseUrl : `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  } else {
    throw new ConnectorError(
      "CONFIGURATION",
      `The HTTP client has no baseUrl, so the path "${path}" needs to be an absolute URL.`,
    );
  }
  try {
    return new URL(joined);
  } catch (cause) {
    throw new ConnectorError("CONFIGURATION", `"${joined}" is not a valid URL.`, { cause });
  }
}

/**
 * Appends `query` to the URL's own search params (those already in the URL are kept): `null` and
 * `undefined` are left out, arrays repeat the key, booleans are `true`/`false`.
 */
export function appendQuery(url: URL, query: QueryParams | undefined): void {
  if (!query) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as ReadonlyArray<QueryScalar>)
        url.searchParams.append(key, String(item));
    } else {
      url.searchParams.append(key, String(value));
    }
  }
}

/** The path of a request as its error messages show it: the query string left out. */
export function pathWithoutQuery(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}
