// What the management API answers (the parts the dashboard reads; lenient by design).
import type { JsonSchema } from "./schema-form";

export interface Items<T> {
  items: T[];
}

export interface AuthDescription {
  type: "NONE" | "SECRET_TEXT" | "CUSTOM" | "OAUTH2";
  displayName?: string;
  description?: string;
  props?: JsonSchema;
  scopes?: string[];
  manualToken?: { displayName: string; description: string };
}

export interface OperationDescription {
  name: string;
  displayName: string;
  description: string;
  slug?: string;
  type?: string;
}

export interface ConnectorDescription {
  name: string;
  displayName: string;
  description: string;
  version: string;
  auth: AuthDescription;
  actions: OperationDescription[];
  triggers: OperationDescription[];
  /** The app settings its app-level webhook needs in an auth config (Slack: `signingSecret`). */
  appConfigKeys?: string[];
}

export interface AuthConfig {
  id: string;
  connector: string;
  name?: string | null;
  scopes?: string[];
  redirectUrl?: string | null;
  hasClientCredentials?: boolean;
  appConfigKeys?: string[];
  createdAt: string;
}

export interface ConnectedAccount {
  id: string;
  userId: string;
  connector: string;
  authConfigId?: string | null;
  status: "active" | "expired" | "revoked";
  statusReason?: string | null;
  createdAt: string;
}

export interface TriggerType {
  slug: string;
  name: string;
  description: string;
  type: "webhook" | "polling";
  toolkit: string;
  config: JsonSchema;
  aliases?: string[];
  appWebhook?: boolean;
}

export interface TriggerInstance {
  id: string;
  userId: string;
  connectedAccountId: string;
  slug: string;
  toolkit: string;
  triggerName: string;
  triggerConfig: Record<string, unknown>;
  status: "enabled" | "disabled";
  disabledReason?: string | null;
  createdAt: string;
  webhookUrl?: string | null;
}

export interface RuntimeEvent {
  id: string;
  triggerId: string;
  slug: string;
  eventId: string;
  deliveryId?: string | null;
  payload: unknown;
  occurredAt?: string | null;
  receivedAt: string;
}

export interface DeliveryEndpoint {
  endpointId: string;
  url: string;
  filters: { triggerIds?: string[]; slugs?: string[]; userIds?: string[] };
  createdAt: string;
}

export interface DeliveryAttempt {
  deliveryId: string;
  endpointId: string;
  status: string;
  attempt: number;
  statusCode?: number | null;
  error?: string | null;
  durationMs: number;
  at: string;
}

export interface OptionsAnswer {
  options: { label: string; value: unknown }[];
  disabled?: boolean;
  placeholder?: string;
}
