import {
  type AuthProvider,
  ConnectorError,
  createHttpClient,
  createLogger,
  createOAuth2TokenManager,
  createRedactor,
  type HttpAuth,
  type HttpClient,
  type Logger,
  NEVER_ABORTED,
  type OAuth2Tokens,
  type Redactor,
  type RetryOptions,
  redactLogger,
  refreshAccessToken,
  SHARED_VERSION,
  tokenResponseExtras,
} from "@triggo/shared";
import type { AnyAction } from "./action";
import type { AnyAuth, AuthInput, OAuth2Auth, OAuth2Credentials } from "./auth";
import type { AnyConnector, Connector } from "./connector";
import type { TriggerContext, TriggerEvent, WebhookContext } from "./context";
import type { DropdownState, PropsDefinition, PropsInput } from "./property";
import { validateProps } from "./props-validate";
import { createMemoryStore, type Store } from "./store";
import type { AnyTrigger } from "./trigger";
import type { WebhookRequest, WebhookResponse } from "./webhook-request";

export interface OAuth2ClientConfig {
  clientId: string;
  clientSecret: string;
  /** Called with every refreshed set of tokens: persist them. */
  onTokens?(credentials: OAuth2Credentials): void | Promise<void>;
  /** Refresh this long before expiry. Default 60 s. */
  refreshAheadMs?: number;
  /**
   * Wraps each refresh; `refresh()` asks the provider. A runtime with several processes refreshes
   * one account at a time here, and answers with the tokens another process already got instead
   * of asking again (with rotating refresh tokens, a second refresh would be refused).
   */
  refresh?(
    refreshToken: string,
    refresh: () => Promise<OAuth2Credentials>,
  ): Promise<OAuth2Credentials>;
  /**
   * Called when a refresh fails, before the call that needed it fails with the same error:
   * `AUTH_EXPIRED` means the provider refused the refresh token (revoked or expired), so the
   * account must be connected again. Its own failure is ignored.
   */
  onRefreshError?(error: ConnectorError): void | Promise<void>;
}

export interface InitConfig<A extends AnyAuth = AnyAuth> {
  /**
   * The account's credentials: the secret for SecretText (falls back to the auth's environment
   * variable), the fields for CustomAuth, the tokens for OAuth2.
   */
  auth?: AuthInput<A>;
  /** OAuth2 only: the app's client credentials, so expiring tokens are refreshed. */
  oauth2?: OAuth2ClientConfig;
  /** Supplies credentials per request instead of `auth` (the runtime uses this). */
  authProvider?: AuthProvider;
  /** Default: warnings and errors as JSON lines on stderr. Every record is redacted. */
  logger?: Logger;
  /** State for triggers and actions. Default: in memory. */
  store?: Store;
  /** The fetch implementation: the hook for tests and proxies. */
  fetch?: typeof fetch;
  /** Overrides the connector's base URL (a proxy, a mock server, a sandbox). */
  baseUrl?: string;
  headers?: Record<string, string>;
  retry?: Partial<RetryOptions> | false;
  timeoutMs?: number;
  /** An undici dispatcher (Agent) for connection pooling. */
  dispatcher?: unknown;
  /** Aborts every call made through this client. */
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's store for this call. */
  store?: Store;
}

type ActionByName<Actions extends readonly AnyAction[], Name> = Extract<
  Actions[number],
  { name: Name }
>;
type ActionOutput<T> = T extends { run(...args: any[]): Promise<infer O> } ? O : never;
type IsAny<T> = 0 extends 1 & T ? true : false;
type ActionCall<T> = T extends { props: infer P extends PropsDefinition }
  ? IsAny<P> extends true
    ? (props?: any, options?: CallOptions) => Promise<ActionOutput<T>>
    : {} extends PropsInput<P>
      ? (props?: PropsInput<P>, options?: CallOptions) => Promise<ActionOutput<T>>
      : (props: PropsInput<P>, options?: CallOptions) => Promise<ActionOutput<T>>
  : never;

export type ActionsClient<Actions extends readonly AnyAction[]> = {
  [Name in Actions[number]["name"]]: ActionCall<ActionByName<Actions, Name>>;
};

export interface TriggerCallArgs<P extends PropsDefinition> {
  props: PropsInput<P>;
  /** The instance's own state: what onEnable kept, polling cursors. */
  store: Store;
  /** Where the provider must deliver (webhook triggers). */
  webhookUrl?: string;
  instanceId?: string;
  signal?: AbortSignal;
}

export interface ReceiveArgs<P extends PropsDefinition> extends TriggerCallArgs<P> {
  request: WebhookRequest;
  /** App-level triggers: the app's settings (e.g. signing secret) for verification. */
  appConfig?: Record<string, string | undefined>;
  /** App-level triggers: true when the runtime already verified the delivery once for all instances. */
  verified?: boolean;
}

export interface ReceiveResult<Payload> {
  /** Set when the request was a handshake: send exactly this back. */
  handshake?: WebhookResponse;
  /** The provider's delivery id, for dropping retried duplicates. */
  deliveryId?: string;
  /** False when an app-level delivery does not belong to this instance. */
  matched: boolean;
  events: TriggerEvent<Payload>[];
}

type PayloadOf<T> = T extends { run(...args: any[]): Promise<TriggerEvent<infer O>[]> }
  ? O
  : unknown;
type PropsOf<T> = T extends { props: infer P extends PropsDefinition } ? P : PropsDefinition;

export interface TriggerClient<T extends AnyTrigger> {
  /** Registers the trigger (webhook) or records the present (polling); kept values go to the store. */
  enable(args: TriggerCallArgs<PropsOf<T>>): Promise<void>;
  /** Removes what enable registered. */
  disable(args: TriggerCallArgs<PropsOf<T>>): Promise<void>;
  /** Webhook triggers: verify, answer a handshake, or turn the delivery into events. */
  receive(args: ReceiveArgs<PropsOf<T>>): Promise<ReceiveResult<PayloadOf<T>>>;
  /** Polling triggers: the items new since the last poll, oldest first. */
  poll(args: TriggerCallArgs<PropsOf<T>>): Promise<TriggerEvent<PayloadOf<T>>[]>;
}

export type TriggersClient<Triggers extends readonly AnyTrigger[]> = {
  [Name in Triggers[number]["name"]]: TriggerClient<Extract<Triggers[number], { name: Name }>>;
};

export interface OptionsRequest {
  /** The action or trigger that owns the prop. */
  action?: string;
  trigger?: string;
  prop: string;
  propsValue?: Record<string, unknown>;
  searchValue?: string;
  signal?: AbortSignal;
}

export interface ConnectorClient<
  A extends AnyAuth = AnyAuth,
  Actions extends readonly AnyAction[] = readonly AnyAction[],
  Triggers extends readonly AnyTrigger[] = readonly AnyTrigger[],
> {
  readonly connector: Connector<string, A, Actions, Triggers>;
  /** One typed function per action: props validated, result typed, failures are ConnectorErrors. */
  readonly actions: ActionsClient<Actions>;
  readonly triggers: TriggersClient<Triggers>;
  /** The connector's HTTP client, bound to these credentials: for endpoints no action wraps. */
  readonly http: HttpClient;
  /** Checks the credentials with the connector's cheap call, if it has one. */
  validateAuth(options?: { signal?: AbortSignal }): Promise<void>;
  /** Loads a dynamic dropdown's options. */
  options(request: OptionsRequest): Promise<DropdownState>;
}

function resolveAuthValue(connector: AnyConnector, config: InitConfig): unknown {
  const auth = connector.auth as AnyAuth;
  const owner = `Connector "${connector.name}"`;
  switch (auth.type) {
    case "NONE":
      return undefined;
    case "SECRET_TEXT": {
      const value = config.auth ?? (auth.env ? process.env[auth.env] : undefined);
      if (config.authProvider && value === undefined) return undefined;
      if (typeof value !== "string" || value.trim() === "") {
        throw new ConnectorError(
          "CONFIGURATION",
          `${owner} needs ${auth.displayName}: pass init({ auth: "<secret>" })${
            auth.env ? ` or set the ${auth.env} environment variable` : ""
          }.`,
        );
      }
      return value;
    }
    case "CUSTOM":
      if (config.authProvider && config.auth === undefined) return undefined;
      return validateProps(`${owner} auth`, auth.props, config.auth as Record<string, unknown>);
    case "OAUTH2": {
      const given =
        config.auth ?? (auth.manualToken?.env ? process.env[auth.manualToken.env] : undefined);
      if (config.authProvider && given === undefined) return undefined;
      if (typeof given === "string") {
        if (!auth.manualToken) {
          throw new ConnectorError(
            "CONFIGURATION",
            `${owner} takes OAuth2 tokens, not a pasted token: pass init({ auth: { accessToken, refreshToken?, expiresAt? } }).`,
          );
        }
        if (given.trim() === "") {
          throw new ConnectorError(
            "CONFIGURATION",
            `${owner}: the ${auth.manualToken.displayName} is empty.`,
          );
        }
        return { accessToken: given } satisfies OAuth2Credentials;
      }
      const value = given as OAuth2Credentials | undefined;
      if (!value || typeof value.accessToken !== "string" || value.accessToken === "") {
        const alternative = auth.manualToken
          ? ` or a ${auth.manualToken.displayName} as a string${auth.manualToken.env ? ` (or set ${auth.manualToken.env})` : ""}`
          : "";
        throw new ConnectorError(
          "CONFIGURATION",
          `${owner} needs OAuth2 tokens: pass init({ auth: { accessToken, refreshToken?, expiresAt? } })${alternative}.`,
        );
      }
      return value;
    }
  }
}

function defaultAuthenticate(connector: AnyConnector, value: unknown): HttpAuth {
  const auth = connector.auth as AnyAuth;
  if (connector.http?.authenticate) return connector.http.authenticate(value as never);
  if (auth.type === "SECRET_TEXT") return { type: "bearer", token: value as string };
  if (auth.type === "OAUTH2")
    return { type: "bearer", token: (value as OAuth2Credentials).accessToken };
  return { type: "none" };
}

/**
 * Refreshed tokens as an account keeps them: the provider's other fields (Slack's `team`) merged
 * over the ones kept before, since a refresh answer may leave them out; never the tokens twice.
 */
function toCredentials(tokens: OAuth2Tokens, previous: OAuth2Credentials): OAuth2Credentials {
  const data = { ...previous.data, ...tokenResponseExtras(tokens.raw ?? {}) };
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
    ...(tokens.expiresAt === undefined ? {} : { expiresAt: tokens.expiresAt }),
    ...(tokens.scope === undefined ? {} : { scope: tokens.scope }),
    ...(tokens.tokenType === undefined ? {} : { tokenType: tokens.tokenType }),
    ...(previous.props === undefined ? {} : { props: previous.props }),
    ...(Object.keys(data).length === 0 ? {} : { data }),
  };
}

/** Stored credentials as the token manager holds tokens. */
function toTokens(credentials: OAuth2Credentials): OAuth2Tokens {
  return {
    accessToken: credentials.accessToken,
    ...(credentials.refreshToken === undefined ? {} : { refreshToken: credentials.refreshToken }),
    ...(credentials.expiresAt === undefined ? {} : { expiresAt: credentials.expiresAt }),
    ...(credentials.scope === undefined ? {} : { scope: credentials.scope }),
    ...(credentials.tokenType === undefined ? {} : { tokenType: credentials.tokenType }),
    raw: credentials.data ?? {},
  };
}

function buildAuthProvider(
  connector: AnyConnector,
  config: InitConfig,
  value: unknown,
): AuthProvider {
  if (config.authProvider) return config.authProvider;
  const auth = connector.auth as AnyAuth;
  if (auth.type === "OAUTH2") {
    const credentials = value as OAuth2Credentials;
    const oauth2 = config.oauth2;
    if (credentials.refreshToken && oauth2) {
      const oauthAuth = auth as OAuth2Auth;
      const manager = createOAuth2TokenManager({
        tokens: { ...credentials, raw: credentials.data ?? {} },
        ...(oauth2.refreshAheadMs === undefined ? {} : { refreshAheadMs: oauth2.refreshAheadMs }),
        refresh: async (refreshToken: string) => {
          const ask = () =>
            refreshAccessToken({
              tokenUrl: oauthAuth.tokenUrl,
              clientId: oauth2.clientId,
              clientSecret: oauth2.clientSecret,
              refreshToken,
              clientAuthentication: oauthAuth.clientAuthentication ?? "body",
              ...(config.fetch ? { fetch: config.fetch } : {}),
            });
          try {
            if (!oauth2.refresh) return await ask();
            const refreshed = await oauth2.refresh(refreshToken, async () =>
              toCredentials(await ask(), credentials),
            );
            return toTokens(refreshed);
          } catch (error) {
            if (oauth2.onRefreshError && ConnectorError.is(error)) {
              await Promise.resolve()
                .then(() => oauth2.onRefreshError?.(error))
                .catch(() => undefined);
            }
            throw error;
          }
        },
        onTokens: async (tokens: OAuth2Tokens) => {
          await oauth2.onTokens?.(toCredentials(tokens, credentials));
        },
      });
      return {
        get: async () => {
          const current = await manager.get();
          return connector.http?.authenticate
            ? connector.http.authenticate({
                ...credentials,
                accessToken: manager.tokens().accessToken,
              } as never)
            : current;
        },
        onUnauthorized: () => manager.onUnauthorized(),
        secrets: () => [...manager.secrets(), oauth2.clientSecret],
      };
    }
  }
  const httpAuth = defaultAuthenticate(connector, value);
  return { get: () => httpAuth, secrets: () => [value, httpAuth] };
}

/** Wraps anything thrown into a ConnectorError whose message is free of the known secrets. */
export function toConnectorError(
  error: unknown,
  where: string,
  redactor: Redactor,
): ConnectorError {
  if (ConnectorError.is(error)) {
    const message = redactor.redactText(error.message);
    if (message === error.message) return error;
    return new ConnectorError(error.code, message, {
      retryable: error.retryable,
      ...(error.details === undefined ? {} : { details: redactor.redact(error.details) }),
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.providerCode === undefined ? {} : { providerCode: error.providerCode }),
    });
  }
  if (error instanceof Error && error.name === "AbortError") {
    return new ConnectorError("ABORTED", `${where} was aborted.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  const safe = redactor.redactText(message);
  return new ConnectorError("UNKNOWN", `${where} failed: ${safe}`, {
    retryable: false,
    ...(safe === message ? { cause: error } : {}),
  });
}

function combineSignals(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length === 0) return NEVER_ABORTED;
  if (present.length === 1) return present[0]!;
  return AbortSignal.any(present);
}

/** Builds the typed client behind `connector.init(config)`. */
export function initConnector<
  A extends AnyAuth,
  Actions extends readonly AnyAction[],
  Triggers extends readonly AnyTrigger[],
>(
  connector: Connector<string, A, Actions, Triggers>,
  config: InitConfig<A> = {},
): ConnectorClient<A, Actions, Triggers> {
  const authValue = resolveAuthValue(connector, config as InitConfig);
  const authProvider = buildAuthProvider(connector, config as InitConfig, authValue);
  // The provider's secrets change only when OAuth2 tokens are refreshed: rebuild the redactor
  // then, not on every record.
  let providerSecrets: unknown[] = [...(authProvider.secrets?.() ?? [])];
  let redactor = createRedactor([authValue, ...providerSecrets]);
  const currentRedactor = (): Redactor => {
    const secrets = [...(authProvider.secrets?.() ?? [])];
    const changed =
      secrets.length !== providerSecrets.length ||
      secrets.some((secret, index) => secret !== providerSecrets[index]);
    if (changed) {
      providerSecrets = secrets;
      redactor = redactor.with(secrets);
    }
    return redactor;
  };
  // Tokens can change (OAuth2 refresh): the logger asks for the current redactor on each record.
  const liveRedactor: Redactor = {
    redact: (value) => currentRedactor().redact(value),
    redactText: (text) => currentRedactor().redactText(text),
    with: (more) => currentRedactor().with(more),
  };
  const logger = redactLogger(
    (config.logger ?? createLogger({ level: "warn" })).child({ connector: connector.name }),
    liveRedactor,
  );
  const store = config.store ?? createMemoryStore();
  const httpConfig = connector.http;
  const baseUrl =
    config.baseUrl ??
    (typeof httpConfig?.baseUrl === "function"
      ? httpConfig.baseUrl(authValue as never)
      : httpConfig?.baseUrl);
  const connectorHeaders =
    typeof httpConfig?.headers === "function"
      ? httpConfig.headers(authValue as never)
      : httpConfig?.headers;

  const http = createHttpClient({
    ...(baseUrl === undefined ? {} : { baseUrl }),
    auth: authProvider,
    headers: { ...connectorHeaders, ...config.headers },
    userAgent: `triggo-${connector.name}/${connector.version} triggo/${SHARED_VERSION}`,
    ...(httpConfig?.classify ? { classify: httpConfig.classify } : {}),
    ...(config.retry !== undefined
      ? { retry: config.retry }
      : httpConfig?.retry
        ? { retry: httpConfig.retry }
        : {}),
    ...((config.timeoutMs ?? httpConfig?.timeoutMs) === undefined
      ? {}
      : { timeoutMs: config.timeoutMs ?? httpConfig?.timeoutMs }),
    ...(httpConfig?.idempotencyHeader ? { idempotencyHeader: httpConfig.idempotencyHeader } : {}),
    ...(httpConfig?.autoIdempotencyKey ? { autoIdempotencyKey: true } : {}),
    ...(config.fetch ? { fetch: config.fetch } : {}),
    ...(config.dispatcher ? { dispatcher: config.dispatcher } : {}),
    logger,
  });

  const childLoggers = new Map<string, Logger>();
  const childLogger = (kind: "action" | "trigger", name: string): Logger => {
    const key = `${kind}:${name}`;
    let child = childLoggers.get(key);
    if (!child) {
      child = logger.child({ [kind]: name });
      childLoggers.set(key, child);
    }
    return child;
  };

  const baseContext = (
    owner: { kind: "action" | "trigger"; name: string },
    signal: AbortSignal | undefined,
    callStore: Store | undefined,
  ) => ({
    auth: authValue as never,
    store: callStore ?? store,
    logger: childLogger(owner.kind, owner.name),
    http,
    signal: combineSignals(config.signal, signal),
    connector: { name: connector.name, version: connector.version },
  });

  const actions = {} as Record<
    string,
    (props?: unknown, options?: CallOptions) => Promise<unknown>
  >;
  for (const action of connector.actions) {
    const where = `${connector.name}.${action.name}`;
    actions[action.name] = async (props, options = {}) => {
      try {
        const propsValue = validateProps(
          `Action "${action.name}"`,
          action.props,
          props as Record<string, unknown>,
        );
        const context = {
          ...baseContext({ kind: "action", name: action.name }, options.signal, options.store),
          propsValue,
        };
        context.signal.throwIfAborted();
        return await action.run(context as never);
      } catch (error) {
        throw toConnectorError(error, where, currentRedactor());
      }
    };
  }

  const triggers = {} as Record<string, TriggerClient<AnyTrigger>>;
  for (const trigger of connector.triggers) {
    const where = `${connector.name}.${trigger.name}`;
    const triggerContext = (
      args: TriggerCallArgs<PropsDefinition>,
    ): TriggerContext<AnyAuth, PropsDefinition> => ({
      // The context is built for whichever auth this connector has; hooks see it typed.
      ...baseContext({ kind: "trigger", name: trigger.name }, args.signal, args.store),
      propsValue: validateProps(
        `Trigger "${trigger.name}"`,
        trigger.props,
        args.props as Record<string, unknown>,
      ) as never,
      store: args.store,
      webhookUrl: args.webhookUrl ?? "",
      trigger: { name: trigger.name, ...(args.instanceId ? { instanceId: args.instanceId } : {}) },
    });
    const guard = async <T>(work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        throw toConnectorError(error, where, currentRedactor());
      }
    };
    const requireWebhookUrl = (args: TriggerCallArgs<PropsDefinition>) => {
      if (trigger.type === "WEBHOOK" && !trigger.appWebhook && !args.webhookUrl) {
        throw new ConnectorError(
          "CONFIGURATION",
          `${where} is a webhook trigger: pass the URL the provider must call as webhookUrl.`,
        );
      }
    };
    triggers[trigger.name] = {
      enable: (args) =>
        guard(async () => {
          requireWebhookUrl(args as TriggerCallArgs<PropsDefinition>);
          const context = triggerContext(args as TriggerCallArgs<PropsDefinition>);
          const kept = await trigger.onEnable(context as never);
          if (kept && typeof kept === "object") {
            for (const [key, value] of Object.entries(kept)) await args.store.put(key, value);
          }
        }),
      disable: (args) =>
        guard(async () => {
          await trigger.onDisable(
            triggerContext(args as TriggerCallArgs<PropsDefinition>) as never,
          );
        }),
      receive: (args) =>
        guard(async () => {
          if (trigger.type !== "WEBHOOK") {
            throw new ConnectorError(
              "CONFIGURATION",
              `${where} is a polling trigger: call poll(), not receive().`,
            );
          }
          const context = {
            ...triggerContext(args as TriggerCallArgs<PropsDefinition>),
            request: args.request,
          } as WebhookContext<AnyAuth, PropsDefinition>;
          const app = trigger.appWebhook ? connector.appWebhook : undefined;
          if (app) {
            if (!args.verified)
              await app.verify({ request: args.request, appConfig: args.appConfig ?? {} });
            const handshake = await app.handshake?.({
              request: args.request,
              appConfig: args.appConfig ?? {},
            });
            if (handshake) return { handshake, matched: true, events: [] };
          } else {
            await trigger.verify?.(context as never);
            const handshake = await trigger.handshake?.(context as never);
            if (handshake) return { handshake, matched: true, events: [] };
          }
          const deliveryId = (app?.deliveryId ?? trigger.deliveryId)?.(args.request);
          if (trigger.appWebhook && !(await trigger.appWebhook.match(context as never))) {
            return { matched: false, events: [], ...(deliveryId ? { deliveryId } : {}) };
          }
          const events = await trigger.run(context as never);
          return { matched: true, events, ...(deliveryId ? { deliveryId } : {}) };
        }) as never,
      poll: (args) =>
        guard(async () => {
          if (trigger.type !== "POLLING") {
            throw new ConnectorError(
              "CONFIGURATION",
              `${where} is a webhook trigger: call receive(), not poll().`,
            );
          }
          return trigger.run(triggerContext(args as TriggerCallArgs<PropsDefinition>) as never);
        }) as never,
    };
  }

  return {
    connector,
    actions: actions as unknown as ActionsClient<Actions>,
    triggers: triggers as unknown as TriggersClient<Triggers>,
    http,
    async validateAuth(options = {}) {
      const auth = connector.auth as AnyAuth;
      if (auth.type === "NONE" || !auth.validate) return;
      const validate = auth.validate as (context: unknown) => Promise<void>;
      try {
        await validate({
          auth: authValue,
          http,
          signal: combineSignals(config.signal, options.signal),
        });
      } catch (error) {
        throw toConnectorError(error, `${connector.name} auth check`, currentRedactor());
      }
    },
    async options(request) {
      const owner = request.action
        ? connector.getAction(request.action)
        : request.trigger
          ? connector.getTrigger(request.trigger)
          : undefined;
      const name = request.action ?? request.trigger;
      if (!owner) {
        throw new ConnectorError(
          "VALIDATION",
          `${connector.name} has no ${request.action ? "action" : "trigger"} ${JSON.stringify(name)}: pass one of its names as ${request.action ? "action" : "trigger"}.`,
        );
      }
      const property = (owner.props as PropsDefinition)[request.prop];
      if (
        !property ||
        (property.type !== "DROPDOWN" && property.type !== "MULTI_SELECT_DROPDOWN")
      ) {
        throw new ConnectorError(
          "VALIDATION",
          `${connector.name}.${name} has no dropdown prop ${JSON.stringify(request.prop)}.`,
        );
      }
      if (typeof property.options !== "function") return { options: [...property.options] };
      try {
        return await property.options({
          auth: authValue,
          propsValue: request.propsValue ?? {},
          http,
          ...(request.searchValue === undefined ? {} : { searchValue: request.searchValue }),
          signal: combineSignals(config.signal, request.signal),
        });
      } catch (error) {
        throw toConnectorError(
          error,
          `${connector.name}.${name} options for ${request.prop}`,
          currentRedactor(),
        );
      }
    },
  };
}
