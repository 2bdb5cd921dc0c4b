import { type AnyConnector, AUTH_TYPES } from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";
import type { Queryable } from "./database";
import type { RuntimeContext } from "./runtime-context";
import { createId, ID_PREFIXES } from "./runtime-ids";
import { invalidField } from "./runtime-validation";

/** How a connector's accounts are connected: the app's OAuth2 client and its settings. */
export interface AuthConfig {
  id: string;
  connector: string;
  name: string | undefined;
  scopes: string[];
  redirectUrl: string | undefined;
  /** Whether a client id and secret are stored (they are never returned). */
  hasClientCredentials: boolean;
  /** The app settings stored (names only), e.g. `["signingSecret"]`. */
  appConfigKeys: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface AuthConfigCreateInput {
  connector: string;
  name?: string;
  /** OAuth2: the app's client id and secret, so that tokens are refreshed. Stored encrypted. */
  clientId?: string;
  clientSecret?: string;
  /** Default: the scopes the connector asks for. */
  scopes?: string[];
  redirectUrl?: string;
  /** App settings the connector's app-level webhook needs (Slack: signingSecret). Stored encrypted. */
  appConfig?: Record<string, string>;
}

/** The secret half of an auth config, as sealed in `auth_configs.secrets`. */
export interface AuthConfigSecrets {
  clientId?: string;
  clientSecret?: string;
  appConfig?: Record<string, string>;
}

interface AuthConfigRow {
  id: string;
  connector: string;
  name: string | null;
  config: {
    scopes?: string[];
    redirectUrl?: string;
    appConfigKeys?: string[];
    hasClientCredentials?: boolean;
  };
  secrets: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface AuthConfigs {
  create(input: AuthConfigCreateInput): Promise<AuthConfig>;
  get(id: string): Promise<AuthConfig>;
  list(filters?: { connector?: string }): Promise<AuthConfig[]>;
  /** Fails while connected accounts still use it. */
  delete(id: string): Promise<void>;
}

/** Internal: the decrypted secrets, for building clients and verifying app webhooks. */
export interface AuthConfigSecretsReader {
  secrets(id: string, queryable?: Queryable): Promise<AuthConfigSecrets & { connector: string }>;
  /** The app settings of the connector's most recent auth config that has them. */
  latestAppConfig(connector: string): Promise<Record<string, string> | undefined>;
}

function toAuthConfig(row: AuthConfigRow): AuthConfig {
  return {
    id: row.id,
    connector: row.connector,
    name: row.name ?? undefined,
    scopes: row.config.scopes ?? [],
    redirectUrl: row.config.redirectUrl,
    hasClientCredentials: row.config.hasClientCredentials === true,
    appConfigKeys: row.config.appConfigKeys ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function checkInput(connector: AnyConnector, input: AuthConfigCreateInput): void {
  const owner = `Auth config for ${connector.name}`;
  if ((input.clientId === undefined) !== (input.clientSecret === undefined)) {
    throw invalidField(
      input.clientId === undefined ? "clientId" : "clientSecret",
      `${owner}: give both clientId and clientSecret, or neither.`,
    );
  }
  if (input.clientId !== undefined && connector.auth.type !== AUTH_TYPES.OAUTH2) {
    throw invalidField(
      "clientId",
      `${owner}: ${connector.name} does not use OAuth2, so it takes no clientId or clientSecret.`,
    );
  }
  const allowed = connector.appWebhook?.appConfigKeys ?? [];
  const unknown = Object.keys(input.appConfig ?? {}).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw invalidField(
      "appConfig",
      `${owner}: unknown app settings ${unknown.join(", ")}; ${
        allowed.length
          ? `${connector.name} takes ${allowed.join(", ")}`
          : `${connector.name} takes none`
      }.`,
    );
  }
}

/** The auth configs API, and the internal reader of their secrets. */
export function createAuthConfigs(context: RuntimeContext): AuthConfigs & AuthConfigSecretsReader {
  const { database, encryption, registry } = context;

  const row = async (id: string, queryable: Queryable = database): Promise<AuthConfigRow> => {
    const [found] = await queryable.query<AuthConfigRow>(
      "SELECT * FROM auth_configs WHERE id = $1",
      [id],
    );
    if (!found) throw new ConnectorError("NOT_FOUND", `No auth config ${JSON.stringify(id)}.`);
    return found;
  };

  return {
    async create(input) {
      const connector = registry.get(input.connector);
      checkInput(connector, input);
      const id = createId(ID_PREFIXES.authConfig);
      const secrets: AuthConfigSecrets = {
        ...(input.clientId === undefined ? {} : { clientId: input.clientId }),
        ...(input.clientSecret === undefined ? {} : { clientSecret: input.clientSecret }),
        ...(input.appConfig === undefined ? {} : { appConfig: input.appConfig }),
      };
      const auth = connector.auth;
      const config = {
        scopes: input.scopes ?? (auth.type === AUTH_TYPES.OAUTH2 ? [...auth.scopes] : []),
        ...(input.redirectUrl === undefined ? {} : { redirectUrl: input.redirectUrl }),
        appConfigKeys: Object.keys(input.appConfig ?? {}),
        hasClientCredentials: input.clientId !== undefined,
      };
      const [created] = await database.query<AuthConfigRow>(
        `INSERT INTO auth_configs (id, connector, name, config, secrets)
         VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING *`,
        [
          id,
          connector.name,
          input.name ?? null,
          JSON.stringify(config),
          Object.keys(secrets).length ? encryption.seal(secrets, id) : null,
        ],
      );
      return toAuthConfig(created!);
    },
    get: async (id) => toAuthConfig(await row(id)),
    async list(filters = {}) {
      const rows = await database.query<AuthConfigRow>(
        `SELECT * FROM auth_configs WHERE ($1::text IS NULL OR connector = $1)
         ORDER BY created_at DESC, id DESC`,
        [filters.connector ?? null],
      );
      return rows.map(toAuthConfig);
    },
    async delete(id) {
      await row(id);
      const [used] = await database.query<{ count: string }>(
        "SELECT count(*)::text AS count FROM connected_accounts WHERE auth_config_id = $1",
        [id],
      );
      if (used && used.count !== "0") {
        throw new ConnectorError(
          "CONFLICT",
          `Auth config ${id} is used by ${used.count} connected account(s): delete them first.`,
        );
      }
      await database.query("DELETE FROM auth_configs WHERE id = $1", [id]);
    },
    async secrets(id, queryable) {
      const found = await row(id, queryable);
      const secrets = found.secrets ? encryption.open<AuthConfigSecrets>(found.secrets, id) : {};
      return { ...secrets, connector: found.connector };
    },
    async latestAppConfig(connector) {
      const [found] = await database.query<AuthConfigRow>(
        `SELECT * FROM auth_configs WHERE connector = $1 AND secrets IS NOT NULL
         AND jsonb_array_length(config->'appConfigKeys') > 0
         ORDER BY created_at DESC, id DESC LIMIT 1`,
        [connector],
      );
      if (!found?.secrets) return undefined;
      return encryption.open<AuthConfigSecrets>(found.secrets, found.id).appConfig;
    },
  };
}
