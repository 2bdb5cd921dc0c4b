import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyConnector } from "@triggo/connector-sdk";
import { UsageError } from "./names";

/** A connector package found in the workspace or node_modules, with its loaded connector. */
export interface ConnectorPackage {
  /** The npm package name, e.g. `@triggo/connector-slack`. */
  packageName: string;
  version: string;
  directory: string;
  connector: AnyConnector;
}

/** The fields of a package.json the CLI reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  private?: boolean;
  [field: string]: unknown;
}

/** The monorepo root above `start` (the folder with pnpm-workspace.yaml), if any. */
export function findWorkspaceRoot(start: string = process.cwd()): string | undefined {
  let directory = resolve(start);
  for (;;) {
    if (existsSync(join(directory, "pnpm-workspace.yaml"))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

function isConnector(value: unknown): value is AnyConnector {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "connector"
  );
}

/** A folder's package.json, or undefined when it has none (or it is not JSON). */
export function readPackageJson(directory: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as PackageJson;
  } catch {
    return undefined;
  }
}

/** Imports a connector package's built ESM entry and returns the connectors it exports. */
export async function loadConnectorPackage(directory: string): Promise<ConnectorPackage[]> {
  const packageJson = readPackageJson(directory);
  if (!packageJson?.name) return [];
  const entry = join(directory, "dist", "index.js");
  if (!existsSync(entry)) {
    throw new Error(`${packageJson.name} is not built (no dist/index.js): run "pnpm build" first.`);
  }
  const module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  const found = new Map<string, AnyConnector>();
  for (const value of Object.values(module)) {
    if (isConnector(value)) found.set(value.name, value);
  }
  return [...found.values()].map((connector) => ({
    packageName: packageJson.name!,
    version: packageJson.version ?? "0.0.0",
    directory,
    connector,
  }));
}

/** The connector package folders of the workspace above `start` (`connectors/*`), unloaded. */
export function workspaceConnectorDirectories(start: string = process.cwd()): string[] {
  const root = findWorkspaceRoot(start);
  if (!root || !existsSync(join(root, "connectors"))) return [];
  return readdirSync(join(root, "connectors"))
    .sort()
    .map((name) => join(root, "connectors", name))
    .filter((directory) => existsSync(join(directory, "package.json")));
}

/**
 * The package folders the user named (each must hold a package.json), or, with none named,
 * every connector of the workspace.
 */
export function connectorDirectories(cwd: string, paths: readonly string[]): string[] {
  if (paths.length === 0) return workspaceConnectorDirectories(cwd);
  return paths.map((path) => {
    const directory = resolve(cwd, path);
    if (!existsSync(join(directory, "package.json"))) {
      throw new UsageError(
        `${path} is not a connector package (it has no package.json): give a connector's folder, e.g. connectors/slack.`,
      );
    }
    return directory;
  });
}

/**
 * One connector, by its name (`slack`), its package name (`@triggo/connector-slack`) or the path
 * of its package folder.
 */
export async function findConnector(cwd: string, nameOrPath: string): Promise<ConnectorPackage> {
  const asPath = resolve(cwd, nameOrPath);
  if (
    (nameOrPath.includes("/") || nameOrPath.startsWith(".")) &&
    existsSync(join(asPath, "package.json"))
  ) {
    const [found] = await loadConnectorPackage(asPath);
    if (found) return found;
  }
  const failures = new Map<string, Error>();
  const catalog = await discoverConnectors(cwd, (directory, error) =>
    failures.set(basename(directory), error),
  );
  const found = catalog.find(
    (item) => item.connector.name === nameOrPath || item.packageName === nameOrPath,
  );
  if (found) return found;
  const failure = failures.get(nameOrPath.replace(/^@triggo\/connector-/, ""));
  if (failure) throw failure;
  const known = catalog.map((item) => item.connector.name).join(", ") || "none found";
  throw new Error(`no connector named "${nameOrPath}". Known connectors: ${known}.`);
}

/** Called for a connector package that cannot be loaded (not built, or a broken definition). */
export type LoadErrorHandler = (directory: string, error: Error) => void;

/**
 * Every connector this project can see: the workspace's `connectors/*` when run inside the
 * monorepo, else the `@triggo/connector-*` packages installed in node_modules. A package that
 * cannot be loaded goes to `onError` (default: the error is thrown).
 */
export async function discoverConnectors(
  start: string = process.cwd(),
  onError?: LoadErrorHandler,
): Promise<ConnectorPackage[]> {
  const root = findWorkspaceRoot(start);
  const directories: string[] = [];
  if (root && existsSync(join(root, "connectors"))) {
    directories.push(...workspaceConnectorDirectories(start));
  } else {
    const scope = join(resolve(start), "node_modules", "@triggo");
    if (existsSync(scope)) {
      for (const name of readdirSync(scope).sort()) {
        if (name.startsWith("connector-") && name !== "connector-sdk")
          directories.push(join(scope, name));
      }
    }
  }
  const settled = await Promise.allSettled(
    directories.map((directory) => loadConnectorPackage(directory)),
  );
  const packages: ConnectorPackage[] = [];
  for (const [index, result] of settled.entries()) {
    if (result.status === "fulfilled") packages.push(...result.value);
    else if (onError) onError(directories[index]!, result.reason as Error);
    else throw result.reason;
  }
  return packages.sort((a, b) => a.connector.name.localeCompare(b.connector.name));
}
