import type { AnyConnector } from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";
import type { AuthConfigSecretsReader } from "./auth-configs";
import { type AccountCredentials, normalizeCredentials } from "./connected-account-credentials";
import type { Queryable } from "./database";
import type { RuntimeContext } from "./runtime-context";
import { createId, ID_PREFIXES } from "./runtime-ids";

export type ConnectedAccountStatus = "active" | "expired" | "revoked";

/** A user's account at a provider. Its credentials are stored encrypted and never returned. */
export interface ConnectedAccount {
  id: string;
  userId: string;
  connector: string;
  authConfigId: string | undefined;
  status: ConnectedAccountStatus;
  /** Why it is expired or revoked. */
  statusReason: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConnectedAccountCreateInput {
  userId: string;
  connector: string;
  /** SecretText: the secret; CustomAuth: the fields; OAuth2: the tokens, or a pasted token. */
  credentials: unknown;
  /** The auth config (OAuth2 app) the account was connected through. */
  authConfigId?: string;
}

/** Internal: one account row with its credentials still sealed. */
export interface ConnectedAccountRow {
  id: string;
  user_id: string;
  connector: string;
  auth_config_id: string | null;
  credentials: string;
  status: ConnectedAccountStatus;
  status_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface ConnectedAccounts {
  create(input: ConnectedAccountCreateInput): Promise<ConnectedAccount>;
  get(id: string): Promise<ConnectedAccount>;
  /** Newest first; never includes credentials. */
  list(filters?: {
    userId?: string;
    connector?: string;
    status?: ConnectedAccountStatus;
  }): Promise<ConnectedAccount[]>;
  /** Marks an account expired or revoked (with a reason), or active again. */
  updateStatus(
    id: string,
    status: ConnectedAccountStatus,
    reason?: string,
  ): Promise<ConnectedAccount>;
  /** Replaces the credentials (a reconnection); the account becomes active. */
  updateCredentials(id: string, credentials: unknown): Promise<ConnectedAccount>;
}

/** Internal: what the triggers and the clients need of accounts. */
export interface ConnectedAccountStore {
  row(id: string, queryable?: Queryable): Promise<ConnectedAccountRow>;
  /** The decrypted credentials: only to build a connector client. */
  credentials(row: ConnectedAccountRow): AccountCredentials;
  /** Stores refreshed credentials (OAuth2 token refresh). */
  saveCredentials(
    id: string,
    credentials: AccountCredentials,
    queryable?: Queryable,
  ): Promise<void>;
  /** The user's most recent active accounts of a connector, newest first. */
  activeFor(userId: string, connector: string): Promise<ConnectedAccountRow[]>;
  remove(id: string): Promise<void>;
}

const STATUSES: readonly ConnectedAccountStatus[] = ["active", "expired", "revoked"];

function toConnectedAccount(row: ConnectedAccountRow): ConnectedAccount {
  return {
    id: row.id,
    userId: row.user_id,
    connector: row.connector,
    authConfigId: row.auth_config_id ?? undefined,
    status: row.status,
    statusReason: row.status_reason ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function requireText(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConnectorError("VALIDATION", `${field} must be a non-empty string.`);
  }
  return value;
}

/** The connected accounts API, and the internal access to their credentials. */
export function createConnectedAccounts(
  context: RuntimeContext,
  authConfigs: AuthConfigSecretsReader,
): ConnectedAccounts & ConnectedAccountStore {
  const { database, encryption, registry } = context;

  const row = async (id: string, queryable: Queryable = database) => {
    const [found] = await queryable.query<ConnectedAccountRow>(
      "SELECT * FROM connected_accounts WHERE id = $1",
      [id],
    );
    if (!found)
      throw new ConnectorError("NOT_FOUND", `No connected account ${JSON.stringify(id)}.`);
    return found;
  };

  const sealFor = (connector: AnyConnector, id: string, credentials: unknown) =>
    encryption.seal(normalizeCredentials(connector, credentials) ?? null, id);

  return {
    async create(input) {
      const userId = requireText("userId", input.userId);
      const connector = registry.get(input.connector);
      if (input.authConfigId !== undefined) {
        const authConfig = await authConfigs.secrets(input.authConfigId);
        if (authConfig.connector !== connector.name) {
          throw new ConnectorError(
            "VALIDATION",
            `Auth config ${input.authConfigId} is for ${authConfig.connector}, not ${connector.name}.`,
          );
        }
      }
      const id = createId(ID_PREFIXES.connectedAccount);
      const [created] = await database.query<ConnectedAccountRow>(
        `INSERT INTO connected_accounts (id, user_id, connector, auth_config_id, credentials)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [
          id,
          userId,
          connector.name,
          input.authConfigId ?? null,
          sealFor(connector, id, input.credentials),
        ],
      );
      return toConnectedAccount(created!);
    },
    get: async (id) => toConnectedAccount(await row(id)),
    async list(filters = {}) {
      const rows = await database.query<ConnectedAccountRow>(
        `SELECT * FROM connected_accounts
         WHERE ($1::text IS NULL OR user_id = $1) AND ($2::text IS NULL OR connector = $2)
           AND ($3::text IS NULL OR status = $3)
         ORDER BY created_at DESC, id DESC`,
        [filters.userId ?? null, filters.connector ?? null, filters.status ?? null],
      );
      return rows.map(toConnectedAccount);
    },
    async updateStatus(id, status, reason) {
      if (!STATUSES.includes(status)) {
        throw new ConnectorError(
          "VALIDATION",
          `status must be one of ${STATUSES.join(", ")}; got ${JSON.stringify(status)}.`,
        );
      }
      await row(id);
      const [updated] = await database.query<ConnectedAccountRow>(
        `UPDATE connected_accounts SET status = $2, status_reason = $3, updated_at = now()
         WHERE id = $1 RETURNING *`,
        [id, status, status === "active" ? null : (reason ?? null)],
      );
      return toConnectedAccount(updated!);
    },
    async updateCredentials(id, credentials) {
      const found = await row(id);
      const sealed = sealFor(registry.get(found.connector), id, credentials);
      const [updated] = await database.query<ConnectedAccountRow>(
        `UPDATE connected_accounts SET credentials = $2, status = 'active', status_reason = NULL,
         updated_at = now() WHERE id = $1 RETURNING *`,
        [id, sealed],
      );
      return toConnectedAccount(updated!);
    },
    row,
    credentials: (found) =>
      encryption.open<AccountCredentials | null>(found.credentials, found.id) ?? undefined,
    async saveCredentials(id, credentials, queryable = database) {
      await queryable.query(
        "UPDATE connected_accounts SET credentials = $2, updated_at = now() WHERE id = $1",
        [id, encryption.seal(credentials ?? null, id)],
      );
    },
    activeFor: (userId, connector) =>
      database.query<ConnectedAccountRow>(
        `SELECT * FROM connected_accounts WHERE user_id = $1 AND connector = $2 AND status = 'active'
         ORDER BY created_at DESC, id DESC`,
        [userId, connector],
      ),
    async remove(id) {
      await database.query("DELETE FROM connected_accounts WHERE id = $1", [id]);
    },
  };
}

/** Marks a connected account expired (its refresh token or credentials no longer work). */
export async function markAccountExpired(
  transaction: Queryable,
  accountId: string,
  reason: string,
): Promise<boolean> {
  const changed = await transaction.query(
    `UPDATE connected_accounts SET status = 'expired', status_reason = $2, updated_at = now()
     WHERE id = $1 AND status = 'active' RETURNING id`,
    [accountId, reason],
  );
  return changed.length > 0;
}
