export const TRIGGER_TYPES = {
  /** The provider calls us: a webhook registered per trigger, or an app-level endpoint. */
  WEBHOOK: "WEBHOOK",
  /** We ask the provider on an interval and emit only what is new. */
  POLLING: "POLLING",
} as const;

export type TriggerType = (typeof TRIGGER_TYPES)[keyof typeof TRIGGER_TYPES];

export const AUTH_TYPES = {
  OAUTH2: "OAUTH2",
  SECRET_TEXT: "SECRET_TEXT",
  CUSTOM: "CUSTOM",
  NONE: "NONE",
} as const;

export type AuthType = (typeof AUTH_TYPES)[keyof typeof AUTH_TYPES];
