import type { AnyConnector, AnyTrigger } from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";

/** The version name that means "the newest registered version" at creation time. */
export const LATEST_VERSION = "latest";

/** The connectors a runtime runs, by name and version. */
export interface ConnectorRegistry {
  /** Every registered connector, newest version of each first. */
  readonly all: readonly AnyConnector[];
  /** The newest version of each connector. */
  latest(): AnyConnector[];
  /** A connector by name; `version` is a registered version or "latest" (the default). */
  get(name: string, version?: string): AnyConnector;
  has(name: string): boolean;
  /** A connector's trigger, with a clear error when either is unknown. */
  trigger(connector: AnyConnector, triggerName: string): AnyTrigger;
}

function compareVersions(left: string, right: string): number {
  const parts = (version: string) =>
    version
      .split(/[-+]/)[0]!
      .split(".")
      .map((part) => Number(part));
  const [a, b] = [parts(left), parts(right)];
  for (let index = 0; index < 3; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.localeCompare(right);
}

/** Indexes the connectors given to `createRuntime`; two with the same name and version fail. */
export function createConnectorRegistry(connectors: readonly AnyConnector[]): ConnectorRegistry {
  const byName = new Map<string, AnyConnector[]>();
  for (const connector of connectors) {
    if (connector?.kind !== "connector") {
      throw new ConnectorError(
        "CONFIGURATION",
        "Every entry of connectors must be a connector from createConnector(...), e.g. the github export of @triggo/connector-github.",
      );
    }
    const versions = byName.get(connector.name) ?? [];
    if (versions.some((known) => known.version === connector.version)) {
      throw new ConnectorError(
        "CONFIGURATION",
        `Connector "${connector.name}" ${connector.version} is registered twice: pass each version once.`,
      );
    }
    versions.push(connector);
    versions.sort((a, b) => compareVersions(b.version, a.version));
    byName.set(connector.name, versions);
  }

  const known = () => [...byName.keys()].sort().join(", ") || "none";

  return {
    all: [...byName.values()].flat(),
    latest: () => [...byName.values()].map((versions) => versions[0]!),
    has: (name) => byName.has(name),
    get(name, version = LATEST_VERSION) {
      const versions = byName.get(name);
      if (!versions) {
        throw new ConnectorError(
          "NOT_FOUND",
          `No connector "${name}" is registered with this runtime; registered: ${known()}. Pass it in createRuntime({ connectors }).`,
        );
      }
      if (version === LATEST_VERSION) return versions[0]!;
      const match = versions.find((connector) => connector.version === version);
      if (!match) {
        throw new ConnectorError(
          "NOT_FOUND",
          `Connector "${name}" version ${JSON.stringify(version)} is not registered; registered: ${versions.map((connector) => connector.version).join(", ")}. Register that version, or use "${LATEST_VERSION}".`,
        );
      }
      return match;
    },
    trigger(connector, triggerName) {
      const trigger = connector.getTrigger(triggerName);
      if (!trigger) {
        throw new ConnectorError(
          "NOT_FOUND",
          `Connector "${connector.name}" ${connector.version} has no trigger "${triggerName}".`,
        );
      }
      return trigger;
    },
  };
}
