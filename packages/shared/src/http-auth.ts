/** Credentials on outgoing requests: where each auth style goes, and which values are secret. */
import { escapeFormComponent } from "./form-encode";
import type { AuthProvider, HttpAuth } from "./http-types";

/** Whether `auth` is a provider (asked before every attempt) rather than fixed credentials. */
export function isAuthProvider(auth: HttpAuth | AuthProvider | undefined): auth is AuthProvider {
  return typeof (auth as AuthProvider | undefined)?.get === "function";
}

/** The `Basic` credentials for a user and password: base64 of the UTF-8 `user:password`. */
export function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, "utf8").toString("base64");
}

/**
 * Puts the credentials where the auth style says: the `Authorization` header (bearer, basic), a
 * header of its own, or a query parameter. Auth is applied last, so it replaces a header or
 * parameter of the same name.
 */
export function applyAuth(auth: HttpAuth, headers: Headers, url: URL): void {
  switch (auth.type) {
    case "bearer":
      headers.set("authorization", `Bearer ${auth.token}`);
      return;
    case "basic":
      headers.set("authorization", `Basic ${basicCredentials(auth.username, auth.password)}`);
      return;
    case "header":
      headers.set(auth.name, auth.value);
      return;
    case "query":
      url.searchParams.set(auth.name, auth.value);
      return;
    case "none":
      return;
  }
}

/** Every value of these credentials that must never show up in a log line or an error. */
export function authSecrets(auth: HttpAuth | undefined): string[] {
  switch (auth?.type) {
    case "bearer":
      return [auth.token];
    case "basic":
      return [auth.password, basicCredentials(auth.username, auth.password)];
    case "header":
    case "query":
      return [auth.value, escapeFormComponent(auth.value)];
    default:
      return [];
  }
}

/** The secrets a provider declares, read defensively: a failing `secrets()` must not fail the call. */
export function providerSecrets(provider: AuthProvider): unknown[] {
  try {
    return [...(provider.secrets?.() ?? [])];
  } catch {
    return [];
  }
}
