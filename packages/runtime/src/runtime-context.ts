import type { Logger, RetryOptions } from "@triggo/shared";
import type { Database } from "./database";
import type { ConnectorRegistry } from "./runtime-connectors";
import type { Encryption } from "./runtime-encryption";

/** What the runtime's parts share; built once by `createRuntime`. */
export interface RuntimeContext {
  database: Database;
  registry: ConnectorRegistry;
  encryption: Encryption;
  /** Redacting: secrets the runtime handles never reach the sink. */
  logger: Logger;
  /** The public base URL, without a trailing slash: webhooks are `${publicUrl}/webhooks/...`. */
  publicUrl: string;
  /** The version of each connector new instances pin ("latest" when not named). */
  connectorVersions: Readonly<Record<string, string>>;
  /** Passed to every connector client: the hook for tests and proxies. */
  fetch: typeof fetch | undefined;
  retry: Partial<RetryOptions> | false | undefined;
}
