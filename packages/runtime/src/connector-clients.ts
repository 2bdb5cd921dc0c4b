import {
  type AnyConnector,
  AUTH_TYPES,
  type ConnectorClient,
  type InitConfig,
  type OAuth2Credentials,
} from "@triggo/connector-sdk";
import type { AuthConfigSecretsReader } from "./auth-configs";
import type { ConnectedAccountRow, ConnectedAccountStore } from "./connected-accounts";
import type { RuntimeContext } from "./runtime-context";

/** Builds connector clients for connected accounts: the one place credentials are decrypted. */
export interface ConnectorClients {
  forAccount(connector: AnyConnector, account: ConnectedAccountRow): Promise<ConnectorClient>;
}

/**
 * OAuth2 accounts connected through an auth config with client credentials get refreshing tokens;
 * refreshed tokens are sealed back into the account.
 */
export function createConnectorClients(
  context: RuntimeContext,
  accounts: ConnectedAccountStore,
  authConfigs: AuthConfigSecretsReader,
): ConnectorClients {
  return {
    async forAccount(connector, account) {
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
          config.oauth2 = {
            clientId: app.clientId,
            clientSecret: app.clientSecret,
            onTokens: (refreshed) => accounts.saveCredentials(account.id, refreshed),
          };
        }
      }
      return connector.init(config) as ConnectorClient;
    },
  };
}
