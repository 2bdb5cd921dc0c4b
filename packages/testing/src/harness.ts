import {
  type AnyConnector,
  type ConnectorClient,
  createMemoryStore,
  createWebhookRequest,
  type InitConfig,
  type MemoryStore,
  type ReceiveResult,
  type TriggerEvent,
  type WebhookRequest,
} from "@triggo/connector-sdk";

/** The URL triggers are enabled with in tests; never reached. */
export const TEST_WEBHOOK_URL = "https://hooks.triggo.test/webhooks/test-instance";

function checkOutput(
  where: string,
  schema:
    | {
        safeParse(value: unknown): {
          success: boolean;
          error?: { issues: { path: PropertyKey[]; message: string }[] };
        };
      }
    | undefined,
  value: unknown,
) {
  if (!schema) return;
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = (result.error?.issues ?? []).map(
      (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new Error(
      `${where} returned data that does not match its schema: ${problems.join("; ")}`,
    );
  }
}

/**
 * Runs one action through the connector's typed client, as a user's code would, and checks the
 * result against the action's output schema.
 */
export async function runAction<C extends AnyConnector>(
  connector: C,
  actionName: string,
  options: { props?: Record<string, unknown> } & InitConfig = {},
): Promise<unknown> {
  const action = connector.getAction(actionName);
  if (!action) {
    throw new Error(
      `${connector.name} has no action "${actionName}"; it has ${connector.actions.map((item) => item.name).join(", ") || "none"}.`,
    );
  }
  const { props, ...config } = options;
  const client = connector.init({
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...config,
  }) as ConnectorClient;
  const call = (client.actions as Record<string, (input?: unknown) => Promise<unknown>>)[
    actionName
  ]!;
  const result = await call(props);
  checkOutput(`${connector.name}.${actionName}`, action.output, result);
  return result;
}

export interface DeliveryInit {
  /** An object is sent as JSON; a string is sent as is. */
  body: unknown;
  headers?: Record<string, string>;
  /** Sign the delivery as the provider would, with this secret (uses the trigger's signDelivery). */
  signWith?: string;
  /** Seconds since the epoch for the signature; default now (use an old one to test staleness). */
  timestamp?: number;
  method?: string;
  url?: string;
}

export interface TriggerHarness {
  readonly client: ConnectorClient;
  readonly store: MemoryStore;
  readonly webhookUrl: string;
  enable(): Promise<void>;
  disable(): Promise<void>;
  /** Builds a delivery (signed when asked) and passes it through verify, handshake and run. */
  deliver(delivery: DeliveryInit): Promise<ReceiveResult<unknown>>;
  /** The request `deliver` would send, for tests that need to tamper with it. */
  buildRequest(delivery: DeliveryInit): WebhookRequest;
  receive(request: WebhookRequest): Promise<ReceiveResult<unknown>>;
  poll(): Promise<TriggerEvent[]>;
}

/**
 * Drives a trigger through its whole lifecycle against the mock API: enable (assert the
 * registration request), deliver signed requests, poll, disable.
 */
export function createTriggerHarness(
  connector: AnyConnector,
  triggerName: string,
  options: {
    props?: Record<string, unknown>;
    webhookUrl?: string;
    store?: MemoryStore;
    appConfig?: Record<string, string | undefined>;
  } & InitConfig = {},
): TriggerHarness {
  const trigger = connector.getTrigger(triggerName);
  if (!trigger) {
    throw new Error(
      `${connector.name} has no trigger "${triggerName}"; it has ${connector.triggers.map((item) => item.name).join(", ") || "none"}.`,
    );
  }
  const {
    props = {},
    webhookUrl = TEST_WEBHOOK_URL,
    store = createMemoryStore(),
    appConfig,
    ...config
  } = options;
  const client = connector.init({
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...config,
  }) as ConnectorClient;
  const triggerClient = (client.triggers as Record<string, ConnectorClient["triggers"][string]>)[
    triggerName
  ]!;
  const args = { props, store, webhookUrl };
  const signer =
    trigger.type === "WEBHOOK"
      ? trigger.appWebhook
        ? connector.appWebhook?.signDelivery
        : trigger.signDelivery
      : undefined;

  const checkEvents = (events: TriggerEvent[]) => {
    for (const event of events) {
      if (typeof event.id !== "string" || event.id === "") {
        throw new Error(`${connector.name}.${triggerName} emitted an event without a stable id.`);
      }
      checkOutput(`${connector.name}.${triggerName}`, trigger.payload, event.payload);
    }
    return events;
  };

  const buildRequest = (delivery: DeliveryInit): WebhookRequest => {
    const rawBody =
      typeof delivery.body === "string" ? delivery.body : JSON.stringify(delivery.body);
    const url = delivery.url ?? webhookUrl;
    let signature: Record<string, string> = {};
    if (delivery.signWith !== undefined) {
      if (!signer)
        throw new Error(
          `${connector.name}.${triggerName} has no signDelivery: it cannot sign test deliveries.`,
        );
      signature = signer({
        rawBody,
        secret: delivery.signWith,
        url,
        ...(delivery.timestamp === undefined ? {} : { timestamp: delivery.timestamp }),
      });
    }
    return createWebhookRequest({
      method: delivery.method ?? "POST",
      url,
      headers: {
        ...(typeof delivery.body === "string" ? {} : { "content-type": "application/json" }),
        ...signature,
        ...delivery.headers,
      },
      body: rawBody,
    });
  };

  const receive = async (request: WebhookRequest) => {
    const result = await triggerClient.receive({
      ...args,
      request,
      ...(appConfig ? { appConfig } : {}),
    });
    checkEvents(result.events);
    return result;
  };

  return {
    client,
    store,
    webhookUrl,
    enable: () => triggerClient.enable(args),
    disable: () => triggerClient.disable(args),
    buildRequest,
    receive,
    deliver: (delivery) => receive(buildRequest(delivery)),
    poll: async () => checkEvents(await triggerClient.poll(args)),
  };
}
