import {
  type AnyConnector,
  AUTH_TYPES,
  type ConnectorClient,
  type InitConfig,
  type OAuth2Credentials,
} from "@triggo/connector-sdk";
import type { ConnectorError } from "@triggo/shared";
import type { AuthConfigSecretsReader } from "./auth-configs";
import {
  type ConnectedAccountRow,
  type ConnectedAccountStore,
  markAccountExpired,
} from "./connected-accounts";
import type { EventBus } from "./event-bus";
import { storeLifecycleEvent } from "./lifecycle-events";
import type { RuntimeContext } from "./runtime-context";

/** Builds connector clients for connected accounts: the one place credentials are decrypted. */
export interface ConnectorClients {
  forAccount(connector: AnyConnector, account: ConnectedAccountRow): Promise<ConnectorClient>;
}

/** How many accounts' clients are kept; the least recently used go first. */
const CACHED_CLIENTS = 500;

/**
 * OAuth2 accounts connected through an auth config with client credentials get refreshing tokens;
 * refreshed tokens are sealed back into the account.
 *
 * A client is kept per account for as long as the account's row is unchanged (its `updated_at`),
 * so that the calls of one process share one token manager: one refresh in flight per account,
 * however many polls, deliveries and actions need it; across processes on one Postgres, an
 * advisory lock does the same (`refreshOnce`). Storing refreshed tokens changes the row, and
 * the next call builds a client from them.
 *
 * When the provider refuses the refresh token (`AUTH_EXPIRED`), the account is marked expired and
 * an `account.expired` lifecycle event is stored and published; unless another process refreshed
 * the account meanwhile (its stored refresh token is no longer the one refused), which is not an
 * expiry at all.
 */
export function createConnectorClients(
  context: RuntimeContext,
  accounts: ConnectedAccountStore,
  authConfigs: AuthConfigSecretsReader,
  bus: EventBus,
): ConnectorClients {
  const cache = new Map<string, { version: string; client: Promise<ConnectorClient> }>();

  const expire = async (account: ConnectedAccountRow, refused: string, error: ConnectorError) => {
    const reason = `The provider refused the refresh token (${error.providerCode ?? error.code}): connect the account again.`;
    const at = new Date();
    const expired = await context.database.transaction(async (transaction) => {
      const current = await accounts.row(account.id, transaction);
      const stored = accounts.credentials(current) as OAuth2Credentials | undefined;
      if (stored?.refreshToken !== refused) return undefined;
      if (!(await markAccountExpired(transaction, account.id, reason))) return undefined;
      return storeLifecycleEvent(transaction, {
        type: "account.expired",
        connectedAccountId: account.id,
        userId: account.user_id,
        toolkit: account.connector,
        reason,
        code: error.code,
        at,
      });
    });
    if (!expired) return;
    context.logger.warn("Marked a connected account expired.", {
      connectedAccountId: account.id,
      connector: account.connector,
      code: error.code,
    });
    bus.publishLifecycle(expired);
  };

  /**
   * One refresh of an account at a time across processes: on Postgres, under a transaction-level
   * advisory lock on the account, the stored tokens are read again first, and when another
   * process already refreshed them (the stored refresh token is no longer the one used) those are
   * the answer and the provider is not asked: with rotating refresh tokens it would refuse the
   * old one. PGlite is one process, where the shared client already makes refreshes one at a time.
   */
  const refreshOnce = async (
    accountId: string,
    used: string,
    ask: () => Promise<OAuth2Credentials>,
  ): Promise<OAuth2Credentials> => {
    if (context.database.kind !== "postgres") return ask();
    return context.database.transaction(async (transaction) => {
      await transaction.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
        `triggo:refresh:${accountId}`,
      ]);
      const stored = accounts.credentials(await accounts.row(accountId, transaction)) as
        | OAuth2Credentials
        | undefined;
      if (stored?.refreshToken && stored.refreshToken !== used) return stored;
      const refreshed = await ask();
      await accounts.saveCredentials(accountId, refreshed, transaction);
      return refreshed;
    });
  };

  const build = async (
    connector: AnyConnector,
    account: ConnectedAccountRow,
  ): Promise<ConnectorClient> => {
    const credentials = accounts.credentials(account);
    const config: InitConfig = {
      logger: context.logger.child({ connectedAccountId: account.id }),
      ...(credentials === undefined ? {} : { auth: credentials as never }),
      ...(context.fetch ? { fetch: context.fetch } : {}),
      ...(context.retry === undefined ? {} : { retry: context.retry }),
    };
    const tokens = credentials as OAuth2Credentials | undefined;
    if (
      connector.auth.type === AUTH_TYPES.OAUTH2 &&
      tokens?.refreshToken &&
      account.auth_config_id
    ) {
      const app = await authConfigs.secrets(account.auth_config_id);
      if (app.clientId && app.clientSecret) {
        let refreshToken = tokens.refreshToken;
        config.oauth2 = {
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          refresh: (used, ask) => refreshOnce(account.id, used, ask),
          onTokens: async (refreshed) => {
            await accounts.saveCredentials(account.id, refreshed);
            refreshToken = refreshed.refreshToken ?? refreshToken;
          },
          onRefreshError: async (error) => {
            if (error.code !== "AUTH_EXPIRED") return;
            await expire(account, refreshToken, error).catch((failure: unknown) =>
              context.logger.error("Could not mark a connected account expired.", {
                connectedAccountId: account.id,
                error: failure instanceof Error ? failure.message : String(failure),
              }),
            );
          },
        };
      }
    }
    return connector.init(config) as ConnectorClient;
  };

  return {
    forAccount(connector, account) {
      const key = `${account.id}/${connector.name}@${connector.version}`;
      const version = account.updated_at.toISOString();
      const cached = cache.get(key);
      if (cached && cached.version === version) {
        cache.delete(key);
        cache.set(key, cached);
        return cached.client;
      }
      const client = build(connector, account);
      cache.delete(key);
      cache.set(key, { version, client });
      client.catch(() => {
        if (cache.get(key)?.client === client) cache.delete(key);
      });
      while (cache.size > CACHED_CLIENTS) {
        const oldest = cache.keys().next().value as string;
        cache.delete(oldest);
      }
      return client;
    },
  };
}
