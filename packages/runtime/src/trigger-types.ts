import type { AnyConnector, ConnectorDescription, JsonSchema } from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";
import type { ConnectorRegistry } from "./runtime-connectors";

/** What a trigger type is: one trigger of one connector, named by its slug. */
export interface TriggerType {
  /** `GITHUB_NEW_COMMIT`: the connector and trigger names in upper snake case. */
  slug: string;
  name: string;
  description: string;
  type: "webhook" | "polling";
  /** The connector's name (`github`). */
  toolkit: string;
  /** The newest registered version of the connector. */
  version: string;
  /** The trigger's props as JSON Schema: `properties`, `required`, no other keys allowed. */
  config: JsonSchema & { properties: Record<string, JsonSchema>; required: string[] };
  /** The JSON Schema of each event's payload, when the trigger declares one. */
  payload: JsonSchema | undefined;
  /** Other slugs that resolve to this type. */
  aliases: string[];
  /** Webhook triggers fed by the connector's one app-level endpoint (Slack's Events API). */
  appWebhook: boolean;
}

/** Where a slug points: a connector and one of its triggers. */
export interface TriggerTypeTarget {
  slug: string;
  connector: string;
  trigger: string;
}

/** Slugs kept for other names of the same trigger (the docs' `GITHUB_COMMIT_EVENT`). */
export const DEFAULT_TRIGGER_ALIASES: Readonly<Record<string, string>> = {
  GITHUB_COMMIT_EVENT: "GITHUB_NEW_COMMIT",
};

/** `github` + `new_commit` → `GITHUB_NEW_COMMIT`. */
export function triggerSlug(connectorName: string, triggerName: string): string {
  return `${connectorName}_${triggerName}`.replace(/-/g, "_").toUpperCase();
}

export interface TriggerTypes {
  /** Resolves a slug or alias, case-insensitively; unknown slugs fail naming close ones. */
  resolve(slug: string): TriggerTypeTarget;
  get(slug: string): TriggerType;
  list(filters?: { toolkits?: readonly string[] }): TriggerType[];
}

/** The catalog of trigger types of the registered connectors (their newest versions). */
export function createTriggerTypes(
  registry: ConnectorRegistry,
  extraAliases: Readonly<Record<string, string>> = {},
): TriggerTypes {
  const targets = new Map<string, TriggerTypeTarget>();
  for (const connector of registry.latest()) {
    for (const trigger of connector.triggers) {
      const slug = triggerSlug(connector.name, trigger.name);
      targets.set(slug, { slug, connector: connector.name, trigger: trigger.name });
    }
  }
  const aliases = new Map<string, string>();
  for (const [alias, slug] of Object.entries({ ...DEFAULT_TRIGGER_ALIASES, ...extraAliases })) {
    const target = targets.get(slug.toUpperCase());
    // An alias of a connector that is not registered is simply not offered.
    if (target && !targets.has(alias.toUpperCase())) aliases.set(alias.toUpperCase(), target.slug);
  }

  const resolve = (slug: string): TriggerTypeTarget => {
    const wanted = String(slug ?? "").toUpperCase();
    const target = targets.get(aliases.get(wanted) ?? wanted);
    if (target) return target;
    const prefix = wanted.split("_")[0] ?? "";
    const near = [...targets.keys()].filter((known) => known.startsWith(`${prefix}_`));
    throw new ConnectorError(
      "NOT_FOUND",
      `No trigger type ${JSON.stringify(slug)}. ${
        near.length
          ? `Trigger types of that toolkit: ${near.join(", ")}.`
          : "List them with triggers.listTypes()."
      }`,
    );
  };

  const descriptions = new Map<string, ConnectorDescription>();
  const describe = (target: TriggerTypeTarget): TriggerType => {
    const connector: AnyConnector = registry.get(target.connector);
    let connectorDescription = descriptions.get(connector.name);
    if (!connectorDescription) {
      connectorDescription = connector.describe();
      descriptions.set(connector.name, connectorDescription);
    }
    const description = connectorDescription.triggers.find((item) => item.name === target.trigger)!;
    const trigger = registry.trigger(connector, target.trigger);
    const { $schema: _dialect, ...config } = description.props;
    return {
      slug: target.slug,
      name: description.displayName,
      description: description.description,
      type: description.type === "WEBHOOK" ? "webhook" : "polling",
      toolkit: connector.name,
      version: connector.version,
      config: config as TriggerType["config"],
      payload: description.payload,
      aliases: [...aliases].filter(([, slug]) => slug === target.slug).map(([alias]) => alias),
      appWebhook: trigger.type === "WEBHOOK" && Boolean(trigger.appWebhook),
    };
  };

  return {
    resolve,
    get: (slug) => describe(resolve(slug)),
    list(filters = {}) {
      const toolkits = filters.toolkits?.map((toolkit) => toolkit.toLowerCase());
      return [...targets.values()]
        .filter((target) => !toolkits || toolkits.includes(target.connector))
        .map(describe);
    },
  };
}
