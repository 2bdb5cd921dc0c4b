import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { AnyConnector } from "@triggo/connector-sdk";
import { createDashboard } from "@triggo/dashboard";
import { createLogger, type Logger } from "@triggo/shared";
import { createPgliteDatabase, DEFAULT_PGLITE_DATA_DIR } from "./database-pglite";
import { createDeliveryWorker, type DeliveryWorker } from "./delivery";
import { createPoller, type Poller } from "./poller";
import { createRetentionJob, type RetentionJob } from "./retention";
import { createRuntime, type Runtime } from "./runtime";
import { ENCRYPTION_KEY_ENV } from "./runtime-encryption";
import { createRuntimeServer, type RuntimeServer } from "./server";

/** The environment variable holding the management API's key (a comma-separated list works too). */
export const API_KEY_ENV = "TRIGGO_API_KEY";
/** Where providers reach the runtime, when it is not the local address (a tunnel, a proxy). */
export const PUBLIC_URL_ENV = "TRIGGO_PUBLIC_URL";

export interface LocalRuntimeOptions {
  /** The connectors to register (`triggo dev` passes every one it finds). */
  connectors: readonly AnyConnector[];
  /** Default 3000 (`TRIGGO_PORT`, else `PORT`); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: only this machine. */
  host?: string;
  /** The embedded database's directory. Default `.triggo/data`. */
  dataDir?: string;
  /** Default `TRIGGO_PUBLIC_URL`, else the local URL. */
  publicUrl?: string;
  logger?: Logger;
  /** Where the start-up lines go. Default stdout. */
  print?: (line: string) => void;
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface LocalRuntime {
  runtime: Runtime;
  server: RuntimeServer;
  poller: Poller;
  /** Sends stored events to the endpoints registered with `runtime.deliveries`. */
  deliveryWorker: DeliveryWorker;
  /** Deletes what is past its retention, hourly. */
  retention: RetentionJob;
  /** The base URL the server listens at. */
  url: string;
  /** Closes the server, then the runtime (and its database). */
  close(): Promise<void>;
}

function portFrom(env: Record<string, string | undefined>): number {
  const raw = env.TRIGGO_PORT ?? env.PORT;
  if (raw === undefined || raw === "") return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`The port must be a number from 0 to 65535; got ${JSON.stringify(raw)}.`);
  }
  return port;
}

/**
 * The development encryption key, made once and kept beside the data (mode 0600), so that the
 * credentials stored in one run can be read in the next. Production sets TRIGGO_ENCRYPTION_KEY.
 */
function developmentKey(dataDir: string): { key: string; path: string } {
  const path = `${dataDir.replace(/[\\/]+$/, "")}.key`;
  if (existsSync(path)) return { key: readFileSync(path, "utf8").trim(), path };
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32).toString("base64");
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return { key, path };
}

/**
 * Runs the runtime on this machine: embedded PGlite, the given connectors, the HTTP server with
 * the dashboard, the polling scheduler, the outbound delivery worker and the retention job. Without TRIGGO_ENCRYPTION_KEY it uses a development key kept beside the
 * data. Without TRIGGO_API_KEY it makes an API key and prints it once.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const env = options.env ?? process.env;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = options.logger ?? createLogger({ level: "info" });
  const port = options.port ?? portFrom(env);
  const host = options.host ?? "127.0.0.1";
  const dataDir = options.dataDir ?? DEFAULT_PGLITE_DATA_DIR;

  const configuredKeys = (env[API_KEY_ENV] ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean);
  const generatedKey = configuredKeys.length
    ? undefined
    : `trg_${randomBytes(24).toString("base64url")}`;
  const apiKeys = generatedKey ? [generatedKey] : configuredKeys;

  const configuredEncryptionKey = env[ENCRYPTION_KEY_ENV] || undefined;
  const development = configuredEncryptionKey ? undefined : developmentKey(dataDir);
  const encryptionKey = configuredEncryptionKey ?? development!.key;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  // The public URL is needed before the port is known; port 0 only makes sense with one given.
  const publicUrl = options.publicUrl ?? env[PUBLIC_URL_ENV] ?? `http://${shownHost}:${port}`;

  const runtime = await createRuntime({
    connectors: [...options.connectors],
    database: await createPgliteDatabase({ dataDir }),
    encryptionKey,
    publicUrl,
    logger,
  });
  const server = createRuntimeServer(runtime, {
    apiKeys,
    logger,
    publicUrl,
    pages: createDashboard(),
  });
  let url: string;
  try {
    ({ url } = await server.listen(port, host));
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const poller = createPoller(runtime);
  poller.start();
  const deliveryWorker = createDeliveryWorker(runtime);
  deliveryWorker.start();
  const retention = createRetentionJob(runtime, { logger });
  retention.start();

  print(`Triggo runtime listening at ${url} (data in ${dataDir}).`);
  print(`  Dashboard:        ${url}/  (sign in with the API key)`);
  print(`  Management API:   ${url}/api  (Authorization: Bearer <api key>)`);
  print(
    `  Webhook ingress:  ${publicUrl}/webhooks/{triggerId} and ${publicUrl}/webhooks/apps/{connector}`,
  );
  if (generatedKey) {
    print(`  API key (generated; shown once, set ${API_KEY_ENV} to choose one): ${generatedKey}`);
  }
  print(`  Connectors:       ${options.connectors.map((connector) => connector.name).join(", ")}`);
  if (development) {
    print(
      `  Development mode: no ${ENCRYPTION_KEY_ENV}; credentials are sealed with the key kept in ${development.path}.`,
    );
  }

  return {
    runtime,
    server,
    poller,
    deliveryWorker,
    retention,
    url,
    async close() {
      await Promise.all([poller.stop(), deliveryWorker.stop(), retention.stop()]);
      await server.close();
      await runtime.close();
    },
  };
}

/**
 * For a start command: starts the local runtime and closes it on SIGINT or SIGTERM. A failure to
 * start is printed and sets the exit code.
 */
export async function runLocalRuntime(options: LocalRuntimeOptions): Promise<void> {
  let local: LocalRuntime;
  try {
    local = await startLocalRuntime(options);
  } catch (error) {
    process.stderr.write(
      `Triggo runtime could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
    return;
  }
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    local.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Triggo runtime did not close cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
