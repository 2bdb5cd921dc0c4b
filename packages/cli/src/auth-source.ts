import { readFileSync } from "node:fs";
import type { AnyConnector } from "@triggo/connector-sdk";
import { toConstantCase } from "./names";

/** The environment variable that holds any connector's credentials: `TRIGGO_AUTH_MY_SERVICE`. */
export function authVariable(connectorName: string): string {
  return `TRIGGO_AUTH_${toConstantCase(connectorName)}`;
}

function parseCredentials(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith('"')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return trimmed;
    }
  }
  return trimmed;
}

/** The auth's own environment variable: SecretText's `env`, or OAuth2's `manualToken.env`. */
function ownVariable(connector: AnyConnector): string | undefined {
  const auth = connector.auth;
  if (auth.type === "SECRET_TEXT") return auth.env;
  if (auth.type === "OAUTH2") return auth.manualToken?.env;
  return undefined;
}

/**
 * The credentials for `connector`, from `authFile` (JSON, or the bare secret), else
 * `TRIGGO_AUTH_<CONNECTOR>`, else the auth's own variable (`env`, or `manualToken.env`).
 * CustomAuth takes a JSON object; OAuth2 a token or a JSON object of tokens. Undefined when the
 * connector needs none, or none was found (the caller says where to put it).
 */
export function resolveAuth(
  connector: AnyConnector,
  env: Record<string, string | undefined>,
  authFile: string | undefined,
): unknown {
  if (connector.auth.type === "NONE") return undefined;
  if (authFile !== undefined) return parseCredentials(readFileSync(authFile, "utf8"));
  const general = env[authVariable(connector.name)];
  if (general !== undefined && general.trim() !== "") {
    if (connector.auth.type === "CUSTOM") {
      try {
        return JSON.parse(general);
      } catch {
        throw new Error(
          `${authVariable(connector.name)} must be a JSON object of the auth's fields for ${connector.name} (CustomAuth).`,
        );
      }
    }
    return parseCredentials(general);
  }
  const own = ownVariable(connector);
  const value = own ? env[own] : undefined;
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Where the user can put credentials for `connector`, for error messages. */
export function authHelp(connector: AnyConnector): string {
  const own = ownVariable(connector);
  const shape = connector.auth.type === "CUSTOM" ? " (a JSON object of the auth's fields)" : "";
  return `set ${own ? `${own} or ` : ""}${authVariable(connector.name)}${shape}, or pass --auth-file <file>`;
}
