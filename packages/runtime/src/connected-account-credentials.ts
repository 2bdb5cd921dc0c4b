import {
  type AnyConnector,
  AUTH_TYPES,
  type OAuth2Credentials,
  validateProps,
} from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";

/** What a connected account may hold, by the connector's auth kind. */
export type AccountCredentials = string | Record<string, unknown> | OAuth2Credentials | undefined;

function describe(value: unknown): string {
  if (value === undefined || value === null) return "nothing";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Checks credentials against the connector's auth and returns what is stored: the secret for
 * SecretText, the validated fields for CustomAuth (every bad field listed), the tokens for OAuth2
 * (a pasted token becomes `{ accessToken }`), nothing for None. Never puts a secret in a message.
 */
export function normalizeCredentials(
  connector: AnyConnector,
  credentials: unknown,
): AccountCredentials {
  const auth = connector.auth;
  const owner = `Credentials for ${connector.name}`;
  switch (auth.type) {
    case AUTH_TYPES.NONE:
      return undefined;
    case AUTH_TYPES.SECRET_TEXT:
      if (typeof credentials !== "string" || credentials.trim() === "") {
        throw new ConnectorError(
          "VALIDATION",
          `${owner} must be the ${auth.displayName} as a non-empty string; got ${describe(credentials)}.`,
        );
      }
      return credentials;
    case AUTH_TYPES.CUSTOM:
      if (typeof credentials !== "object" || credentials === null || Array.isArray(credentials)) {
        throw new ConnectorError(
          "VALIDATION",
          `${owner} must be an object of the ${auth.displayName} fields (${Object.keys(auth.props).join(", ")}); got ${describe(credentials)}.`,
        );
      }
      return validateProps(owner, auth.props, credentials as Record<string, unknown>);
    case AUTH_TYPES.OAUTH2: {
      if (typeof credentials === "string") {
        if (!auth.manualToken) {
          throw new ConnectorError(
            "VALIDATION",
            `${owner} must be OAuth2 tokens { accessToken, refreshToken?, expiresAt? }: ${connector.name} takes no pasted token.`,
          );
        }
        if (credentials.trim() === "") {
          throw new ConnectorError(
            "VALIDATION",
            `${owner}: the ${auth.manualToken.displayName} is empty.`,
          );
        }
        return { accessToken: credentials };
      }
      const tokens = credentials as Partial<OAuth2Credentials> | undefined;
      if (
        typeof tokens !== "object" ||
        tokens === null ||
        typeof tokens.accessToken !== "string" ||
        tokens.accessToken === ""
      ) {
        const alternative = auth.manualToken
          ? `, or the ${auth.manualToken.displayName} as a string`
          : "";
        throw new ConnectorError(
          "VALIDATION",
          `${owner} must be OAuth2 tokens { accessToken, refreshToken?, expiresAt? }${alternative}; got ${describe(credentials)}${typeof tokens === "object" && tokens !== null ? " without an accessToken" : ""}.`,
        );
      }
      return tokens as OAuth2Credentials;
    }
  }
}
