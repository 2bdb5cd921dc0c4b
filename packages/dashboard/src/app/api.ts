// The management API client: JSON, `Authorization: Bearer <key>`, errors as ApiError.

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The answer's `error` object: `details.issues` name the bad fields. */
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** A streaming GET (text/event-stream); the caller reads the body. */
  stream(path: string, query: Record<string, string>, signal: AbortSignal): Promise<Response>;
}

/** A path with its query; empty values are left out. */
export function apiPath(path: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") search.set(name, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

async function failure(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return new ApiError(
    response.status,
    typeof error?.code === "string" ? error.code : `HTTP_${response.status}`,
    typeof error?.message === "string"
      ? error.message
      : `The runtime answered ${response.status} ${response.statusText}.`,
    error,
  );
}

/**
 * The client. `key()` gives the API key for each request; `onUnauthorized` is told of every 401
 * (the key was revoked or mistyped).
 */
export function createApi(key: () => string | undefined, onUnauthorized: () => void): Api {
  const send = async (method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const headers: Record<string, string> = { accept: "application/json" };
    const apiKey = key();
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
      cache: "no-store",
      credentials: "omit",
    });
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw await failure(response);
    return response;
  };
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await send(method, path, body);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  return {
    get: (path, query) => json("GET", apiPath(path, query)),
    post: (path, body) => json("POST", path, body ?? {}),
    patch: (path, body) => json("PATCH", path, body),
    delete: (path) => json("DELETE", path),
    stream: (path, query, signal) => send("GET", apiPath(path, query), undefined, signal),
  };
}
