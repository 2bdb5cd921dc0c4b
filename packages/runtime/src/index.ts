export type {
  AuthConfig,
  AuthConfigCreateInput,
  AuthConfigs,
} from "./auth-configs";
export type { AccountCredentials } from "./connected-account-credentials";
export type {
  ConnectedAccount,
  ConnectedAccountCreateInput,
  ConnectedAccountStatus,
  ConnectedAccounts,
} from "./connected-accounts";
export type { Database, Queryable } from "./database";
export type { Migration } from "./database-migrations";
export { MIGRATIONS, migrateDatabase } from "./database-migrations";
export type { PgliteDatabaseOptions } from "./database-pglite";
export { createPgliteDatabase, DEFAULT_PGLITE_DATA_DIR } from "./database-pglite";
export type { PostgresDatabaseOptions } from "./database-postgres";
export { createPostgresDatabase } from "./database-postgres";
export type {
  Deliveries,
  DeliveryAttempt,
  DeliveryEndpoint,
  DeliveryEndpointInput,
  DeliveryRoundResult,
  DeliveryWorker,
  DeliveryWorkerOptions,
} from "./delivery";
export { createDeliveryWorker, DEFAULT_DELIVERY_OPTIONS, deliveryBackoffMs } from "./delivery";
export type {
  AccountExpiredEvent,
  AccountRevokedEvent,
  EventListener,
  LifecycleEvent,
  LifecycleListener,
  RuntimeEvent,
  SubscribeFilters,
  TriggerLifecycleEvent,
} from "./event-bus";
export type { EventListFilters } from "./event-queries";
export { DEFAULT_EVENT_LIMIT, MAX_EVENT_LIMIT } from "./event-queries";
export type { Ingress } from "./ingress";
export type { IngressResponse } from "./ingress-responses";
export type { LocalRuntime, LocalRuntimeOptions } from "./main";
export { API_KEY_ENV, PUBLIC_URL_ENV, runLocalRuntime, startLocalRuntime } from "./main";
export type {
  OAuthCallbackParams,
  OAuthCompletion,
  OAuthStart,
  OAuthStartInput,
} from "./oauth-flow";
export { CONNECTION_REQUEST_TTL_MS, OAUTH_CALLBACK_PATH } from "./oauth-flow";
export type { Poller, PollerOptions, PollRoundResult } from "./poller";
export { createPoller, DEFAULT_POLLER_OPTIONS, POLL_JITTER, subscribeLifecycle } from "./poller";
export type { PruneResult, RetentionJob, RetentionOptions } from "./retention";
export { createRetentionJob, DEFAULT_RETENTION, pruneRuntimeData } from "./retention";
export type {
  CatalogConnector,
  Runtime,
  RuntimeConnectedAccounts,
  RuntimeOptions,
  RuntimeTriggers,
  TriggerOptionsRequest,
} from "./runtime";
export { createRuntime } from "./runtime";
export { LATEST_VERSION } from "./runtime-connectors";
export { ENCRYPTION_KEY_ENV } from "./runtime-encryption";
export type { RuntimeServer, RuntimeServerOptions } from "./server";
export { createRuntimeServer, DEFAULT_MAX_BODY_BYTES } from "./server";
export type {
  TriggerInstance,
  TriggerInstanceFilters,
  TriggerInstanceStatus,
} from "./trigger-instance-rows";
export type { TriggerType } from "./trigger-types";
export { DEFAULT_TRIGGER_ALIASES, triggerSlug } from "./trigger-types";
export type {
  TriggerCreateOptions,
  TriggerDeleteResult,
  TriggerDisableResult,
  TriggerLeftover,
  Triggers,
} from "./triggers";
