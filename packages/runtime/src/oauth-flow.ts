import { createHash } from "node:crypto";
import {
  AUTH_TYPES,
  type OAuth2Auth,
  type OAuth2Credentials,
  validateProps,
} from "@triggo/connector-sdk";
import {
  buildAuthorizationUrl,
  ConnectorError,
  createOAuthState,
  createPkcePair,
  exchangeAuthorizationCode,
  type OAuth2Tokens,
  tokenResponseExtras,
} from "@triggo/shared";
import type { AuthConfigSecretsReader, AuthConfigs } from "./auth-configs";
import type { ConnectedAccount, ConnectedAccounts } from "./connected-accounts";
import type { RuntimeContext } from "./runtime-context";
import { createId, ID_PREFIXES } from "./runtime-ids";
import { invalidField, parseHttpUrl } from "./runtime-validation";

/** How long a started authorization may take before its state is refused: 10 minutes. */
export const CONNECTION_REQUEST_TTL_MS = 10 * 60_000;

/** The path providers send the user back to, under the runtime's public URL. */
export const OAUTH_CALLBACK_PATH = "/oauth/callback";

export interface OAuthStartInput {
  userId: string;
  connector: string;
  /** The auth config (OAuth2 app) to connect through. Default: the connector's newest with a client. */
  authConfigId?: string;
  /**
   * Where the user's browser goes once the account is connected (or the attempt failed), with
   * `connectedAccountId` and `status=success`, or `status=failed` and `error`. Without one the
   * callback answers with a short page.
   */
  callbackUrl?: string;
  /** Values of the auth's extra props (e.g. a workspace subdomain), checked against them. */
  props?: Record<string, unknown>;
  /**
   * Reconnects this account (the user's, of this connector; typically one marked expired)
   * instead of creating one: its tokens are replaced and it is active again, with its triggers.
   */
  connectedAccountId?: string;
}

export interface OAuthStart {
  connectionRequestId: string;
  /** Send the user's browser here: the provider's authorization page. */
  redirectUrl: string;
  expiresAt: Date;
}

/** What the provider sent back to the callback: its query parameters. */
export interface OAuthCallbackParams {
  state?: string | null;
  code?: string | null;
  error?: string | null;
  error_description?: string | null;
}

/** The callback's outcome: the account, or the error, and where the user goes next. */
export type OAuthCompletion =
  | { status: "success"; connectedAccount: ConnectedAccount; callbackUrl: string | undefined }
  | { status: "failed"; error: ConnectorError; callbackUrl: string | undefined };

/** The authorization-code flow that connects an OAuth2 account: start, then the callback. */
export interface OAuthFlow {
  start(input: OAuthStartInput): Promise<OAuthStart>;
  /** Never throws for what the provider or the user sent: a failure is the outcome's `error`. */
  complete(params: OAuthCallbackParams): Promise<OAuthCompletion>;
}

interface ConnectionRequestRow {
  id: string;
  user_id: string;
  connector: string;
  auth_config_id: string;
  redirect_uri: string;
  callback_url: string | null;
  secrets: string;
  expires_at: Date;
  connected_account_id: string | null;
}

interface ConnectionRequestSecrets {
  codeVerifier?: string;
  props?: Record<string, unknown>;
}

const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

function checkCallbackUrl(callbackUrl: string | undefined): string | undefined {
  if (callbackUrl === undefined) return undefined;
  const url = parseHttpUrl(callbackUrl);
  if (url) return url.toString();
  throw invalidField(
    "callbackUrl",
    `callbackUrl must be an absolute http(s) URL to send the user to afterwards; got ${JSON.stringify(callbackUrl)}.`,
  );
}

function toCredentials(
  tokens: OAuth2Tokens,
  props: Record<string, unknown> | undefined,
): OAuth2Credentials {
  const extras = tokenResponseExtras(tokens.raw ?? {});
  const data = Object.keys(extras).length > 0 ? extras : undefined;
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
    ...(tokens.expiresAt === undefined ? {} : { expiresAt: tokens.expiresAt }),
    ...(tokens.scope === undefined ? {} : { scope: tokens.scope }),
    ...(tokens.tokenType === undefined ? {} : { tokenType: tokens.tokenType }),
    ...(props === undefined ? {} : { props }),
    ...(data === undefined ? {} : { data }),
  };
}

export function createOAuthFlow(
  context: RuntimeContext,
  authConfigs: AuthConfigs & AuthConfigSecretsReader,
  accounts: ConnectedAccounts,
): OAuthFlow {
  const { database, encryption, registry, publicUrl } = context;

  /** The auth config to use: the named one, or the connector's newest that has a client. */
  const chooseAuthConfig = async (connector: string, authConfigId: string | undefined) => {
    if (authConfigId !== undefined) {
      const secrets = await authConfigs.secrets(authConfigId);
      if (secrets.connector !== connector) {
        throw invalidField(
          "authConfigId",
          `Auth config ${authConfigId} is for ${secrets.connector}, not ${connector}.`,
        );
      }
      if (!secrets.clientId || !secrets.clientSecret) {
        throw invalidField(
          "authConfigId",
          `Auth config ${authConfigId} has no OAuth2 client: create one with the clientId and clientSecret of your ${connector} OAuth app.`,
        );
      }
      return { config: await authConfigs.get(authConfigId), secrets };
    }
    for (const config of await authConfigs.list({ connector })) {
      if (!config.hasClientCredentials) continue;
      return { config, secrets: await authConfigs.secrets(config.id) };
    }
    throw invalidField(
      "authConfigId",
      `No auth config of ${connector} has an OAuth2 client: create one first, e.g. authConfigs.create({ connector: "${connector}", clientId, clientSecret }) with your ${connector} OAuth app's credentials, registering ${publicUrl}${OAUTH_CALLBACK_PATH} as its redirect URL.`,
    );
  };

  const failed = (
    error: ConnectorError,
    callbackUrl: string | null | undefined,
  ): OAuthCompletion => ({
    status: "failed",
    error,
    callbackUrl: callbackUrl ?? undefined,
  });

  return {
    async start(input) {
      if (typeof input.userId !== "string" || input.userId.trim() === "") {
        throw invalidField("userId", "userId must be a non-empty string.");
      }
      const connector = registry.get(input.connector);
      if (connector.auth.type !== AUTH_TYPES.OAUTH2) {
        throw invalidField(
          "connector",
          `${connector.name} does not connect with OAuth2: create its account with connectedAccounts.create and its ${connector.auth.type === AUTH_TYPES.NONE ? "(no) credentials" : "credentials"}.`,
        );
      }
      const auth = connector.auth as OAuth2Auth;
      const callbackUrl = checkCallbackUrl(input.callbackUrl);
      const props =
        auth.props && Object.keys(auth.props).length > 0
          ? validateProps(`${connector.name} account`, auth.props, input.props ?? {})
          : undefined;
      let authConfigId = input.authConfigId;
      if (input.connectedAccountId !== undefined) {
        const existing = await accounts.get(input.connectedAccountId);
        if (existing.userId !== input.userId || existing.connector !== connector.name) {
          throw invalidField(
            "connectedAccountId",
            `Connected account ${existing.id} is ${existing.userId}'s ${existing.connector} account: it can only be reconnected for that user and connector.`,
          );
        }
        if (existing.authConfigId && authConfigId && existing.authConfigId !== authConfigId) {
          throw invalidField(
            "authConfigId",
            `Connected account ${existing.id} was connected through auth config ${existing.authConfigId}: reconnect it through the same one (its tokens are refreshed with that app's client).`,
          );
        }
        authConfigId ??= existing.authConfigId;
      }
      const { config, secrets } = await chooseAuthConfig(connector.name, authConfigId);
      const redirectUri = config.redirectUrl ?? `${publicUrl}${OAUTH_CALLBACK_PATH}`;
      const state = createOAuthState();
      const pkce = auth.pkce ? createPkcePair() : undefined;
      const id = createId(ID_PREFIXES.connectionRequest);
      const expiresAt = new Date(Date.now() + CONNECTION_REQUEST_TTL_MS);
      const sealed: ConnectionRequestSecrets = {
        ...(pkce ? { codeVerifier: pkce.codeVerifier } : {}),
        ...(props ? { props } : {}),
      };
      await database.transaction(async (transaction) => {
        // Requests nobody finished are dropped as new ones start.
        await transaction.query("DELETE FROM connection_requests WHERE expires_at < now()");
        await transaction.query(
          `INSERT INTO connection_requests
             (id, state_hash, user_id, connector, auth_config_id, redirect_uri, callback_url, secrets,
              expires_at, connected_account_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            id,
            hashState(state),
            input.userId,
            connector.name,
            config.id,
            redirectUri,
            callbackUrl ?? null,
            encryption.seal(sealed, id),
            expiresAt,
            input.connectedAccountId ?? null,
          ],
        );
      });
      const redirectUrl = buildAuthorizationUrl({
        authorizationUrl: auth.authorizationUrl,
        clientId: secrets.clientId!,
        redirectUri,
        scopes: config.scopes,
        ...(auth.scopeSeparator === undefined ? {} : { scopeSeparator: auth.scopeSeparator }),
        state,
        ...(pkce ? { codeChallenge: pkce.codeChallenge } : {}),
        ...(auth.extraAuthorizationParams === undefined
          ? {}
          : { extraParams: auth.extraAuthorizationParams }),
      });
      return { connectionRequestId: id, redirectUrl, expiresAt };
    },

    async complete(params) {
      const state = params.state ?? "";
      if (state === "") {
        return failed(
          invalidField("state", "The callback has no state: start the connection again."),
          undefined,
        );
      }
      // Taken once: a replayed or forged state finds nothing.
      const [request] = await database.query<ConnectionRequestRow>(
        "DELETE FROM connection_requests WHERE state_hash = $1 RETURNING *",
        [hashState(state)],
      );
      if (!request) {
        return failed(
          invalidField(
            "state",
            "This authorization is unknown or was already used: start the connection again.",
          ),
          undefined,
        );
      }
      if (request.expires_at.getTime() < Date.now()) {
        return failed(
          invalidField(
            "state",
            `This authorization expired (after ${CONNECTION_REQUEST_TTL_MS / 60_000} minutes): start the connection again.`,
          ),
          request.callback_url,
        );
      }
      if (params.error) {
        const description = params.error_description ? ` (${params.error_description})` : "";
        return failed(
          new ConnectorError(
            params.error === "access_denied" ? "FORBIDDEN" : "AUTH_INVALID",
            `The provider did not authorize the connection: ${params.error}${description}.`,
            { providerCode: params.error },
          ),
          request.callback_url,
        );
      }
      if (!params.code) {
        return failed(
          invalidField("code", "The callback has no code: start the connection again."),
          request.callback_url,
        );
      }
      try {
        const connector = registry.get(request.connector);
        const auth = connector.auth as OAuth2Auth;
        const secrets = await authConfigs.secrets(request.auth_config_id);
        const sealed = encryption.open<ConnectionRequestSecrets>(request.secrets, request.id);
        const tokens = await exchangeAuthorizationCode({
          tokenUrl: auth.tokenUrl,
          clientId: secrets.clientId!,
          ...(secrets.clientSecret === undefined ? {} : { clientSecret: secrets.clientSecret }),
          clientAuthentication: auth.clientAuthentication ?? "body",
          code: params.code,
          redirectUri: request.redirect_uri,
          ...(sealed.codeVerifier === undefined ? {} : { codeVerifier: sealed.codeVerifier }),
          ...(context.fetch ? { fetch: context.fetch } : {}),
        });
        const credentials = toCredentials(tokens, sealed.props);
        const connectedAccount = request.connected_account_id
          ? await accounts.updateCredentials(request.connected_account_id, credentials)
          : await accounts.create({
              userId: request.user_id,
              connector: request.connector,
              authConfigId: request.auth_config_id,
              credentials,
            });
        return {
          status: "success",
          connectedAccount,
          callbackUrl: request.callback_url ?? undefined,
        };
      } catch (error) {
        const reason = ConnectorError.is(error)
          ? error
          : new ConnectorError("UNKNOWN", "The connection could not be completed.", {
              cause: error,
            });
        context.logger.warn("An OAuth2 connection failed.", {
          connectionRequestId: request.id,
          connector: request.connector,
          code: reason.code,
          error: reason.message,
        });
        return failed(reason, request.callback_url);
      }
    },
  };
}
