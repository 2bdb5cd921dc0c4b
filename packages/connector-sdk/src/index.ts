export type { ErrorCode, HttpClient, Logger } from "@triggo/shared";
export { ConnectorError, ERROR_CODES } from "@triggo/shared";
export type { Action, ActionDefinition, AnyAction } from "./action";
export { createAction } from "./action";
export type {
  AnyAuth,
  AuthInput,
  AuthValue,
  CustomAuth,
  ManualToken,
  NoneAuth,
  OAuth2Auth,
  OAuth2Credentials,
  SecretTextAuth,
} from "./auth";
export { ConnectorAuth } from "./auth";
export type {
  ActionsClient,
  CallOptions,
  ConnectorClient,
  InitConfig,
  OAuth2ClientConfig,
  OptionsRequest,
  ReceiveArgs,
  ReceiveResult,
  TriggerCallArgs,
  TriggerClient,
  TriggersClient,
} from "./client";
export type {
  AnyConnector,
  AppWebhookContext,
  AppWebhookDefinition,
  AppWebhookRevocation,
  Connector,
  ConnectorDefinition,
  ConnectorHttpConfig,
} from "./connector";
export { createConnector } from "./connector";
export type { AuthType, TriggerType } from "./constants";
export { AUTH_TYPES, TRIGGER_TYPES } from "./constants";
export type {
  ActionContext,
  BaseContext,
  TriggerContext,
  TriggerEvent,
  WebhookContext,
} from "./context";
export type { CustomApiCallOutput } from "./custom-api-call";
export { createCustomApiCallAction } from "./custom-api-call";
export type {
  ActionDescription,
  AuthDescription,
  ConnectorDescription,
  TriggerDescription,
} from "./describe";
export { DefinitionError } from "./names";
export type {
  AnyProperty,
  ArrayItemProperty,
  ArrayProperty,
  BaseProperty,
  CheckboxProperty,
  ConnectorFile,
  ConnectorFileInput,
  DateTimeProperty,
  DropdownOption,
  DropdownProperty,
  DropdownState,
  DropdownValue,
  FileProperty,
  JsonProperty,
  LongTextProperty,
  MultiSelectDropdownProperty,
  NumberProperty,
  OptionsContext,
  OptionsLoader,
  PropertyConfig,
  PropertyType,
  PropsDefinition,
  PropsInput,
  PropsValue,
  ShortTextProperty,
  StaticDropdownProperty,
} from "./property";
export { PROPERTY_TYPES, Property } from "./property";
export type { JsonSchema, PropUiHints } from "./props-json-schema";
export { JSON_SCHEMA_DIALECT, propsToJsonSchema, UI_HINTS_KEYWORD } from "./props-json-schema";
export type { PropIssue } from "./props-validate";
export { validateProps } from "./props-validate";
export type { MemoryStore, Store } from "./store";
export { createMemoryStore } from "./store";
export type {
  AnyTrigger,
  DeliverySigner,
  DeliverySignerInput,
  OnEnableResult,
  PollCursor,
  PolledItem,
  PollingTrigger,
  PollSpec,
  Trigger,
  WebhookTrigger,
} from "./trigger";
export { createTrigger, POLL_STATE_KEY } from "./trigger";
export type { WebhookRequest, WebhookRequestInit, WebhookResponse } from "./webhook-request";
export { createWebhookRequest } from "./webhook-request";
