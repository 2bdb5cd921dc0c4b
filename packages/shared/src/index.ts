export type { ConnectorErrorOptions, ErrorCode } from "./errors";
export { ConnectorError, ERROR_CODES, errorCodeForStatus } from "./errors";
export type { FormEntry } from "./form-encode";
export { encodeForm, formEntries } from "./form-encode";
export {
  createHttpClient,
  DEFAULT_IDEMPOTENCY_HEADER,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  getSharedDispatcher,
  httpFailureMessage,
  NEVER_ABORTED,
} from "./http";
export type { LinkValue } from "./http-link-header";
export { findLink, parseLinkHeader } from "./http-link-header";
export type { ProviderError } from "./http-response";
export { extractProviderError, isJsonContentType } from "./http-response";
export type {
  AuthProvider,
  ClassifyInput,
  FormValue,
  HttpAuth,
  HttpBody,
  HttpClient,
  HttpClientOptions,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  MultipartFile,
  QueryParams,
  QueryValue,
  RequestOptions,
  ResponseClassification,
  ResponseClassifier,
  ResponseType,
  RetryOptions,
} from "./http-types";
export type { Logger, LoggerOptions, LogLevel, LogRecord, LogSink } from "./logger";
export {
  createLogger,
  jsonLineSink,
  LOG_LEVELS,
  redactLogger,
  silentLogger,
} from "./logger";
export type {
  AuthorizationCodeExchangeInput,
  AuthorizationUrlInput,
  OAuth2ExtraParams,
  OAuth2TokenRequestOptions,
  OAuth2Tokens,
  PkcePair,
  RefreshAccessTokenInput,
} from "./oauth2";
export {
  buildAuthorizationUrl,
  createOAuthState,
  createPkceChallenge,
  createPkcePair,
  exchangeAuthorizationCode,
  oauthStateMatches,
  refreshAccessToken,
  tokenResponseExtras,
} from "./oauth2";
export type { OAuth2TokenManager, OAuth2TokenManagerOptions } from "./oauth2-token-manager";
export { createOAuth2TokenManager } from "./oauth2-token-manager";
export type {
  BodyCursorOptions,
  ItemsSelector,
  LinkHeaderOptions,
  OffsetOptions,
  PageNumberOptions,
  PaginateOptions,
  PresetOptions,
} from "./paginate";
export {
  collect,
  paginate,
  paginateBodyCursor,
  paginateLinkHeader,
  paginateOffset,
  paginatePageNumber,
  paginateStripeList,
  paginateStripeSearch,
  readPath,
} from "./paginate";
export type { Redactor } from "./redact";
export { createRedactor, isSensitiveKey, REDACTED } from "./redact";
export {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  isRetryableStatus,
  isRetrySafe,
  MAX_ATTEMPTS,
  parseRetryAfter,
} from "./retry";
export type { StandardWebhookSignInput, StandardWebhookVerifyInput } from "./standard-webhooks";
export {
  checkStandardWebhook,
  signStandardWebhook,
  verifyStandardWebhook,
} from "./standard-webhooks";
export { SHARED_VERSION } from "./version";
export type {
  GitHubVerifyInput,
  HmacSignatureScheme,
  HmacSignInput,
  HmacVerifyInput,
} from "./webhook-hmac";
export {
  checkGitHubWebhook,
  checkHmacWebhook,
  GITHUB_SIGNATURE_SCHEME,
  signGitHubWebhook,
  signHmacWebhook,
  verifyGitHubWebhook,
  verifyHmacWebhook,
} from "./webhook-hmac";
export type {
  HmacAlgorithm,
  SignatureEncoding,
  SignatureFailureReason,
  WebhookBody,
  WebhookHeaders,
  WebhookTimingOptions,
  WebhookVerificationResult,
} from "./webhook-signatures";
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS } from "./webhook-signatures";
export type { SlackSignInput, SlackVerifyInput } from "./webhook-slack";
export { checkSlackWebhook, signSlackWebhook, verifySlackWebhook } from "./webhook-slack";
export type { StripeSignInput, StripeVerifyInput } from "./webhook-stripe";
export { checkStripeWebhook, signStripeWebhook, verifyStripeWebhook } from "./webhook-stripe";
