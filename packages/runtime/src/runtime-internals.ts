import type { ConnectedAccountStore } from "./connected-accounts";
import type { ConnectorClients } from "./connector-clients";
import type { EventBus } from "./event-bus";
import type { RuntimeContext } from "./runtime-context";

/**
 * The key of a runtime's internals: what parts built on the runtime in the same process (the
 * poller) need and the public API does not give (the event bus, credentials-decrypting clients).
 */
export const RUNTIME_INTERNALS: unique symbol = Symbol.for("triggo.runtime.internals");

/** @internal What `createRuntime` wires, shared with the poller. */
export interface RuntimeInternals {
  context: RuntimeContext;
  accounts: ConnectedAccountStore;
  clients: ConnectorClients;
  bus: EventBus;
}
