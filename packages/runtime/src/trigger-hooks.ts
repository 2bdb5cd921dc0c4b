import {
  type AnyConnector,
  type AnyTrigger,
  type ConnectorClient,
  type Store,
  TRIGGER_TYPES,
  type TriggerClient,
} from "@triggo/connector-sdk";
import { ConnectorError } from "@triggo/shared";
import type { ConnectedAccountRow, ConnectedAccountStore } from "./connected-accounts";
import type { ConnectorClients } from "./connector-clients";
import type { ConnectorRegistry } from "./runtime-connectors";
import type { RuntimeContext } from "./runtime-context";
import type { TriggerInstanceRow } from "./trigger-instance-rows";

/** One instance as the trigger hooks see it. */
export interface HookTarget {
  instanceId: string;
  slug: string;
  connector: AnyConnector;
  trigger: AnyTrigger;
  account: ConnectedAccountRow;
  config: Record<string, unknown>;
}

/** The URL a webhook trigger's provider delivers to: per instance, or the connector's app URL. */
export function webhookUrlFor(
  publicUrl: string,
  target: Pick<HookTarget, "instanceId" | "connector" | "trigger">,
): string | undefined {
  if (target.trigger.type !== TRIGGER_TYPES.WEBHOOK) return undefined;
  return target.trigger.appWebhook
    ? `${publicUrl}/webhooks/apps/${target.connector.name}`
    : `${publicUrl}/webhooks/${target.instanceId}`;
}

/** The arguments every trigger client call takes for this instance. */
export function triggerCallArgs(publicUrl: string, target: HookTarget, store: Store) {
  const webhookUrl = webhookUrlFor(publicUrl, target);
  return {
    props: target.config,
    store,
    instanceId: target.instanceId,
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
  };
}

/** The instance's trigger client. */
export function triggerClientOf(
  client: ConnectorClient,
  target: HookTarget,
): TriggerClient<AnyTrigger> {
  return (client.triggers as Record<string, TriggerClient<AnyTrigger>>)[target.trigger.name]!;
}

/** Runs onEnable or onDisable, and names the instance and the account in a failure. */
export interface TriggerHooks {
  run(kind: "enable" | "disable", target: HookTarget, store: Store): Promise<void>;
}

export function createTriggerHooks(
  context: RuntimeContext,
  clients: ConnectorClients,
): TriggerHooks {
  return {
    async run(kind, target, store) {
      try {
        const client = await clients.forAccount(target.connector, target.account);
        await triggerClientOf(client, target)[kind](
          triggerCallArgs(context.publicUrl, target, store) as never,
        );
      } catch (error) {
        const cause = ConnectorError.is(error)
          ? error
          : new ConnectorError("UNKNOWN", error instanceof Error ? error.message : String(error));
        const verb = kind === "enable" ? "enable" : "disable";
        throw new ConnectorError(
          cause.code,
          `Could not ${verb} ${target.slug} (${target.instanceId}) for connected account ${target.account.id}: ${cause.message}`,
          {
            retryable: cause.retryable,
            ...(cause.status === undefined ? {} : { status: cause.status }),
            ...(cause.providerCode === undefined ? {} : { providerCode: cause.providerCode }),
            ...(cause.details === undefined ? {} : { details: cause.details }),
            cause,
          },
        );
      }
    },
  };
}

/** The hook target of a stored instance, at its pinned connector version. */
export async function hookTargetOf(
  registry: ConnectorRegistry,
  accounts: ConnectedAccountStore,
  row: TriggerInstanceRow,
  config: Record<string, unknown> = row.config,
): Promise<HookTarget> {
  const connector = registry.get(row.connector, row.connector_version);
  return {
    instanceId: row.id,
    slug: row.slug,
    connector,
    trigger: registry.trigger(connector, row.trigger_name),
    account: await accounts.row(row.connected_account_id),
    config,
  };
}
