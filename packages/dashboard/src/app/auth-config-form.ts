// The auth config form as JSON Schema, from the connector's catalog entry (the form is generated
// from it), and the request body from what the form holds. Pure: the DOM side is page-accounts.ts.
import type { FormCheck, JsonSchema } from "./schema-form";
import type { ConnectorDescription } from "./types";

const text = (title: string, description: string, secret = false): JsonSchema => ({
  type: "string",
  title,
  description,
  ...(secret ? { writeOnly: true } : {}),
});

/** `signingSecret` → "Signing secret". */
export function settingLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** Whether an auth config of this connector can hold anything: an OAuth2 client or app settings. */
export function takesAuthConfig(connector: ConnectorDescription): boolean {
  return connector.auth.type === "OAUTH2" || (connector.appConfigKeys?.length ?? 0) > 0;
}

/**
 * A name; for OAuth2 connectors the app's client id and secret, the scopes (the connector's by
 * default) and the redirect URL; one secret per app setting (`appConfig.<key>`).
 */
export function authConfigSchema(connector: ConnectorDescription): JsonSchema {
  const oauth = connector.auth.type === "OAUTH2";
  const properties: Record<string, JsonSchema> = {
    name: text("Name", "Tells this auth config from the connector's others."),
  };
  if (oauth) {
    properties.clientId = text("Client id", `Of your ${connector.displayName} OAuth app.`);
    properties.clientSecret = text(
      "Client secret",
      "Stored encrypted; never shown again. Give both the id and the secret, or neither.",
      true,
    );
    properties.scopes = {
      type: "array",
      items: { type: "string" },
      title: "Scopes",
      description: "Empty: the connector's own.",
      default: connector.auth.scopes ?? [],
    };
    properties.redirectUrl = text(
      "Redirect URL",
      "Empty: the runtime's /oauth/callback (register that with the provider).",
    );
  }
  for (const key of connector.appConfigKeys ?? []) {
    properties[`appConfig.${key}`] = text(
      settingLabel(key),
      `App setting ${key}, for the connector's app-level webhooks. Stored encrypted; never shown again.`,
      true,
    );
  }
  return { type: "object", properties };
}

/** `POST /api/auth-configs`'s body from the checked form, or the form's errors. */
export function authConfigBody(
  connector: ConnectorDescription,
  check: FormCheck,
): { body: Record<string, unknown>; errors: Record<string, string> } {
  const errors = { ...check.errors };
  const body: Record<string, unknown> = { connector: connector.name };
  const appConfig: Record<string, string> = {};
  for (const [name, raw] of Object.entries(check.value)) {
    const value = typeof raw === "string" ? raw.trim() : raw;
    if (value === "") continue;
    if (name.startsWith("appConfig.")) appConfig[name.slice("appConfig.".length)] = String(value);
    else body[name] = value;
  }
  if (Object.keys(appConfig).length) body.appConfig = appConfig;
  if (body.clientId === undefined && body.clientSecret !== undefined) {
    errors.clientId = "Enter the client id with its secret.";
  } else if (body.clientId !== undefined && body.clientSecret === undefined) {
    errors.clientSecret = "Enter the client secret with its id.";
  }
  return { body, errors };
}
