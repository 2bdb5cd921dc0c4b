import { describe, expect, it } from "vitest";
import { createAction } from "./action";
import { ConnectorAuth } from "./auth";
import { createConnector } from "./connector";
import { TRIGGER_TYPES } from "./constants";
import { Property } from "./property";
import { createTrigger } from "./trigger";

const run = async () => ({});

describe("names are validated when created", () => {
  it.each(["MyService", "my_service", "my--service", "-my", "9lives", ""])(
    "refuses the connector name %j",
    (name) => {
      expect(() =>
        createConnector({
          name,
          displayName: "X",
          description: "X",
          auth: ConnectorAuth.None(),
          actions: [],
          triggers: [],
        }),
      ).toThrow(/Connector name .* is invalid: connector names are kebab-case/);
    },
  );

  it.each(["sendMessage", "send-message", "Send_message", "_send", "send__message"])(
    "refuses the action name %j",
    (name) => {
      expect(() => createAction({ name, displayName: "X", description: "X", run })).toThrow(
        /Action name .* is invalid: action names are snake_case/,
      );
    },
  );

  it("refuses a camelCase trigger name", () => {
    expect(() =>
      createTrigger({
        name: "newMessage",
        displayName: "X",
        description: "X",
        type: TRIGGER_TYPES.WEBHOOK,
        run: async () => [],
      }),
    ).toThrow('Trigger name "newMessage" is invalid: trigger names are snake_case');
  });

  it("accepts kebab-case and snake_case names with digits", () => {
    const action = createAction({
      name: "send_v2_message",
      displayName: "X",
      description: "X",
      run,
    });
    const connector = createConnector({
      name: "service-2",
      displayName: "X",
      description: "X",
      auth: ConnectorAuth.None(),
      actions: [action],
      triggers: [],
    });
    expect(connector.getAction("send_v2_message")).toBe(action);
  });
});

describe("definitions are checked", () => {
  it("refuses a missing description, naming the action and the field", () => {
    expect(() =>
      createAction({ name: "send", displayName: "Send", description: " ", run }),
    ).toThrow('Action "send" has no description: set "description" to a non-empty string');
  });

  it("refuses duplicate action names", () => {
    const first = createAction({ name: "send", displayName: "Send", description: "Sends.", run });
    const second = createAction({
      name: "send",
      displayName: "Send 2",
      description: "Sends.",
      run,
    });
    expect(() =>
      createConnector({
        name: "svc",
        displayName: "Svc",
        description: "Svc",
        auth: ConnectorAuth.None(),
        actions: [first, second],
        triggers: [],
      }),
    ).toThrow('Connector "svc" has two actions named "send": action names must be unique');
  });

  it("refuses a prop that is not a Property", () => {
    expect(() =>
      createAction({
        name: "send",
        displayName: "Send",
        description: "Sends.",
        props: { text: { type: "TEXT", displayName: "Text", required: true } as never },
        run,
      }),
    ).toThrow(
      'Action "send", prop "text" is not a property: build it with Property.ShortText(...)',
    );
  });

  it("refuses a static dropdown without options", () => {
    expect(() =>
      createAction({
        name: "send",
        displayName: "Send",
        description: "Sends.",
        props: { color: Property.StaticDropdown({ displayName: "Color", options: [] }) },
        run,
      }),
    ).toThrow('prop "color" has no options');
  });

  it("refuses a refresher that names no prop", () => {
    expect(() =>
      createAction({
        name: "send",
        displayName: "Send",
        description: "Sends.",
        props: {
          channel: Property.Dropdown({
            displayName: "Channel",
            refreshers: ["workspace"],
            options: async () => ({ options: [] }),
          }),
        },
        run,
      }),
    ).toThrow('prop "channel" refreshes on "workspace", which is not a prop here');
  });

  it("refuses a default the prop itself would refuse", () => {
    expect(() =>
      createAction({
        name: "send",
        displayName: "Send",
        description: "Sends.",
        props: { count: Property.Number({ displayName: "Count", max: 10, defaultValue: 50 }) },
        run,
      }),
    ).toThrow(/prop "count" has an invalid defaultValue: .*must be at most 10/);
  });

  it("refuses an invalid prop key", () => {
    expect(() =>
      createAction({
        name: "send",
        displayName: "Send",
        description: "Sends.",
        props: { "thread-ts": Property.ShortText({ displayName: "Thread" }) },
        run,
      }),
    ).toThrow('prop key "thread-ts" is invalid');
  });

  it("refuses custom auth without http.authenticate when the connector talks HTTP", () => {
    expect(() =>
      createConnector({
        name: "svc",
        displayName: "Svc",
        description: "Svc",
        auth: ConnectorAuth.CustomAuth({
          displayName: "Keys",
          description: "Your keys.",
          props: { apiKey: Property.ShortText({ displayName: "API key", required: true }) },
        }),
        http: { baseUrl: "https://api.example.com" },
        actions: [],
        triggers: [],
      }),
    ).toThrow(/with CustomAuth, http.authenticate must say how the fields go on the wire/);
  });

  it("refuses a polling trigger faster than 10 seconds", () => {
    expect(() =>
      createTrigger({
        name: "new_item",
        displayName: "New item",
        description: "Fires on new items.",
        type: TRIGGER_TYPES.POLLING,
        intervalSeconds: 1,
        poll: { dedupe: "id", items: async () => [] },
      }),
    ).toThrow("intervalSeconds must be at least 10; got 1");
  });

  it("refuses sample data that does not match the output schema", async () => {
    const { z } = await import("zod");
    expect(() =>
      createAction({
        name: "send",
        displayName: "Send",
        description: "Sends.",
        output: z.object({ id: z.string() }),
        sampleData: { id: 42 } as never,
        run: async () => ({ id: "1" }),
      }),
    ).toThrow(/sampleData does not match its output schema \(id: /);
  });

  it("refuses an app-level trigger on a connector without appWebhook", () => {
    const trigger = createTrigger({
      name: "new_event",
      displayName: "New event",
      description: "Fires on events.",
      type: TRIGGER_TYPES.WEBHOOK,
      appWebhook: { match: () => true },
      run: async () => [],
    });
    expect(() =>
      createConnector({
        name: "svc",
        displayName: "Svc",
        description: "Svc",
        auth: ConnectorAuth.None(),
        actions: [],
        triggers: [trigger],
      }),
    ).toThrow(/uses the app-level webhook, so the connector needs appWebhook/);
  });

  it("refuses a routed app-level trigger on a connector that cannot route deliveries", () => {
    const trigger = createTrigger({
      name: "new_event",
      displayName: "New event",
      description: "Fires on events.",
      type: TRIGGER_TYPES.WEBHOOK,
      appWebhook: { match: () => true, routingKey: (store) => store.get<string>("team") },
      run: async () => [],
    });
    const connector = (routingKeys?: () => string[]) =>
      createConnector({
        name: "svc",
        displayName: "Svc",
        description: "Svc",
        auth: ConnectorAuth.None(),
        appWebhook: {
          appConfigKeys: [],
          verify: () => undefined,
          ...(routingKeys ? { routingKeys } : {}),
        },
        actions: [],
        triggers: [trigger],
      });
    expect(() => connector()).toThrow(
      /trigger "new_event" has appWebhook.routingKey, so the connector's appWebhook needs routingKeys/,
    );
    expect(connector(() => ["T1"]).appWebhook?.routingKeys?.(undefined as never)).toEqual(["T1"]);
  });
});
