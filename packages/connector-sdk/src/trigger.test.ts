import { createHmac } from "node:crypto";
import { ConnectorError } from "@triggo/shared";
import { describe, expect, it } from "vitest";
import { ConnectorAuth } from "./auth";
import { createConnector } from "./connector";
import { TRIGGER_TYPES } from "./constants";
import { Property } from "./property";
import { createMemoryStore } from "./store";
import { createTrigger, POLL_STATE_KEY, type PolledItem } from "./trigger";
import { createWebhookRequest } from "./webhook-request";

const sign = (secret: string, body: string) =>
  createHmac("sha256", secret).update(body).digest("hex");

const remoteHooks: { id: string; url: string }[] = [];

const newOrder = createTrigger({
  name: "new_order",
  displayName: "New order",
  description: "Fires when an order is placed.",
  type: TRIGGER_TYPES.WEBHOOK,
  props: { shop: Property.ShortText({ displayName: "Shop", required: true }) },
  sampleData: { id: "o_1", total: 10 },
  async onEnable(context) {
    const hook = { id: `hook_${remoteHooks.length + 1}`, url: context.webhookUrl };
    remoteHooks.push(hook);
    return { webhookId: hook.id, signingSecret: `secret-for-${context.propsValue.shop}` };
  },
  async onDisable(context) {
    const id = await context.store.get<string>("webhookId");
    remoteHooks.splice(
      remoteHooks.findIndex((hook) => hook.id === id),
      1,
    );
  },
  async verify(context) {
    const secret = await context.store.get<string>("signingSecret");
    const given = context.request.headers["x-signature"];
    if (!secret || given !== sign(secret, new TextDecoder().decode(context.request.rawBody))) {
      throw new ConnectorError("SIGNATURE_INVALID", "x-signature does not match the body");
    }
  },
  handshake(context) {
    const body = context.request.body as { challenge?: string };
    return body?.challenge ? { status: 200, body: { challenge: body.challenge } } : undefined;
  },
  deliveryId: (request) => request.headers["x-delivery"],
  async run(context) {
    const order = context.request.body as { id: string; total: number };
    return [{ id: order.id, payload: order }];
  },
});

const shopConnector = createConnector({
  name: "shop",
  displayName: "Shop",
  description: "A shop.",
  auth: ConnectorAuth.None(),
  actions: [],
  triggers: [newOrder],
});

describe("webhook triggers", () => {
  const client = shopConnector.init();
  const webhookUrl = "https://hooks.example.test/t/1";

  it("keeps what onEnable returns, verifies, answers handshakes, runs and disables", async () => {
    const store = createMemoryStore();
    await client.triggers.new_order.enable({ props: { shop: "acme" }, store, webhookUrl });
    expect(store.snapshot()).toEqual({ webhookId: "hook_1", signingSecret: "secret-for-acme" });
    expect(remoteHooks).toEqual([{ id: "hook_1", url: webhookUrl }]);

    const body = JSON.stringify({ id: "o_9", total: 42 });
    const request = createWebhookRequest({
      url: webhookUrl,
      headers: {
        "Content-Type": "application/json",
        "X-Signature": sign("secret-for-acme", body),
        "X-Delivery": "d-1",
      },
      body,
    });
    await expect(
      client.triggers.new_order.receive({ props: { shop: "acme" }, store, request }),
    ).resolves.toEqual({
      matched: true,
      deliveryId: "d-1",
      events: [{ id: "o_9", payload: { id: "o_9", total: 42 } }],
    });

    const forged = createWebhookRequest({
      url: webhookUrl,
      headers: { "x-signature": "00" },
      body,
    });
    await expect(
      client.triggers.new_order.receive({ props: { shop: "acme" }, store, request: forged }),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });

    const challengeBody = JSON.stringify({ challenge: "abc" });
    const challenge = createWebhookRequest({
      url: webhookUrl,
      headers: {
        "content-type": "application/json",
        "x-signature": sign("secret-for-acme", challengeBody),
      },
      body: challengeBody,
    });
    await expect(
      client.triggers.new_order.receive({ props: { shop: "acme" }, store, request: challenge }),
    ).resolves.toEqual({
      handshake: { status: 200, body: { challenge: "abc" } },
      matched: true,
      events: [],
    });

    await client.triggers.new_order.disable({ props: { shop: "acme" }, store, webhookUrl });
    expect(remoteHooks).toEqual([]);
  });

  it("requires a webhook URL to enable", async () => {
    await expect(
      client.triggers.new_order.enable({ props: { shop: "acme" }, store: createMemoryStore() }),
    ).rejects.toThrow(
      "shop.new_order is a webhook trigger: pass the URL the provider must call as webhookUrl.",
    );
  });

  it("validates the trigger's props before any hook runs", async () => {
    await expect(
      client.triggers.new_order.enable({
        props: {} as never,
        store: createMemoryStore(),
        webhookUrl,
      }),
    ).rejects.toThrow('"shop" (Shop) is required');
    expect(remoteHooks).toEqual([]);
  });
});

describe("polling triggers", () => {
  let remote: PolledItem<{ n: number }>[] = [];
  let cursors: unknown[] = [];
  const item = (n: number, at?: string): PolledItem<{ n: number }> => ({
    id: `i${n}`,
    ...(at ? { timestamp: at } : {}),
    payload: { n },
  });

  it("refuses both poll and run", () => {
    expect(() =>
      createTrigger({
        name: "new_item",
        displayName: "New item",
        description: "Fires for each new item.",
        type: TRIGGER_TYPES.POLLING,
        poll: { dedupe: "id", items: async () => [] },
        run: async () => [],
      }),
    ).toThrow('Trigger "new_item" has both poll and run: give one of them.');
  });

  const feed = (dedupe: "id" | "timestamp", maxRemembered?: number) =>
    createConnector({
      name: "feed",
      displayName: "Feed",
      description: "A feed.",
      auth: ConnectorAuth.None(),
      actions: [],
      triggers: [
        createTrigger({
          name: "new_item",
          displayName: "New item",
          description: "Fires for each new item.",
          type: TRIGGER_TYPES.POLLING,
          poll: {
            dedupe,
            ...(maxRemembered ? { maxRemembered } : {}),
            async items(_context, cursor) {
              cursors.push(cursor);
              return remote;
            },
          },
        }),
      ],
    }).init();

  it("emits no backlog on enable, then only new items, oldest first", async () => {
    const client = feed("id");
    const store = createMemoryStore();
    remote = [item(3), item(2), item(1)];
    cursors = [];
    await client.triggers.new_item.enable({ props: {}, store });
    await expect(client.triggers.new_item.poll({ props: {}, store })).resolves.toEqual([]);

    remote = [item(5), item(4), item(3), item(2)];
    await expect(client.triggers.new_item.poll({ props: {}, store })).resolves.toEqual([
      { id: "i4", payload: { n: 4 } },
      { id: "i5", payload: { n: 5 } },
    ]);
    await expect(client.triggers.new_item.poll({ props: {}, store })).resolves.toEqual([]);
    expect(cursors[0]).toEqual({ isFirstPoll: true });
    expect(cursors[1]).toMatchObject({ isFirstPoll: false, lastPolledAt: expect.any(String) });
  });

  it("keeps the remembered ids bounded", async () => {
    const client = feed("id", 3);
    const store = createMemoryStore();
    remote = [item(1)];
    await client.triggers.new_item.enable({ props: {}, store });
    remote = [item(5), item(4), item(3), item(2)];
    await client.triggers.new_item.poll({ props: {}, store });
    expect(store.snapshot()[POLL_STATE_KEY]).toMatchObject({ ids: ["i3", "i4", "i5"] });
  });

  it("dedupes by timestamp high-water mark, keeping items that share the mark", async () => {
    const client = feed("timestamp");
    const store = createMemoryStore();
    remote = [item(1, "2026-01-01T00:00:00Z"), item(2, "2026-01-01T00:00:05Z")];
    cursors = [];
    await client.triggers.new_item.enable({ props: {}, store });
    remote = [
      item(2, "2026-01-01T00:00:05Z"),
      item(3, "2026-01-01T00:00:05Z"),
      item(4, "2026-01-01T00:00:09Z"),
      item(0, "2025-12-31T00:00:00Z"),
    ];
    const events = await client.triggers.new_item.poll({ props: {}, store });
    expect(events).toEqual([
      { id: "i3", payload: { n: 3 }, occurredAt: "2026-01-01T00:00:05.000Z" },
      { id: "i4", payload: { n: 4 }, occurredAt: "2026-01-01T00:00:09.000Z" },
    ]);
    expect(cursors[1]).toMatchObject({ since: "2026-01-01T00:00:05.000Z" });
    await expect(client.triggers.new_item.poll({ props: {}, store })).resolves.toEqual([]);
  });

  it("records the present instead of emitting when its state is missing", async () => {
    const client = feed("id");
    remote = [item(1), item(2)];
    const store = createMemoryStore();
    await expect(client.triggers.new_item.poll({ props: {}, store })).resolves.toEqual([]);
    remote = [item(3), item(1), item(2)];
    await expect(client.triggers.new_item.poll({ props: {}, store })).resolves.toEqual([
      { id: "i3", payload: { n: 3 } },
    ]);
  });

  it("clears its state on disable", async () => {
    const client = feed("id");
    const store = createMemoryStore();
    remote = [item(1)];
    await client.triggers.new_item.enable({ props: {}, store });
    await client.triggers.new_item.disable({ props: {}, store });
    expect(store.snapshot()).toEqual({});
  });
});

describe("app-level webhook triggers", () => {
  const secret = "app-signing-secret";
  const message = createTrigger({
    name: "new_message",
    displayName: "New message",
    description: "Fires on messages in a channel.",
    type: TRIGGER_TYPES.WEBHOOK,
    props: { channel: Property.ShortText({ displayName: "Channel", required: true }) },
    appWebhook: {
      match: (context) =>
        (context.request.body as { channel: string }).channel === context.propsValue.channel,
    },
    async run(context) {
      const body = context.request.body as { id: string; channel: string };
      return [{ id: body.id, payload: body }];
    },
  });
  const chat = createConnector({
    name: "chat",
    displayName: "Chat",
    description: "Chat.",
    auth: ConnectorAuth.None(),
    actions: [],
    triggers: [message],
    appWebhook: {
      appConfigKeys: ["signingSecret"],
      verify({ request, appConfig }) {
        const body = new TextDecoder().decode(request.rawBody);
        if (request.headers["x-signature"] !== sign(appConfig.signingSecret ?? "", body)) {
          throw new ConnectorError("SIGNATURE_INVALID", "bad signature");
        }
      },
      deliveryId: (request) => (request.body as { id: string }).id,
    },
  }).init();

  it("routes a verified delivery only to the instances it matches", async () => {
    const body = JSON.stringify({ id: "e1", channel: "C1" });
    const request = createWebhookRequest({
      url: "https://hooks.example.test/app/chat",
      headers: { "content-type": "application/json", "x-signature": sign(secret, body) },
      body,
    });
    const appConfig = { signingSecret: secret };
    const forC1 = await chat.triggers.new_message.receive({
      props: { channel: "C1" },
      store: createMemoryStore(),
      request,
      appConfig,
    });
    const forC2 = await chat.triggers.new_message.receive({
      props: { channel: "C2" },
      store: createMemoryStore(),
      request,
      appConfig,
    });
    expect(forC1).toEqual({
      matched: true,
      deliveryId: "e1",
      events: [{ id: "e1", payload: { id: "e1", channel: "C1" } }],
    });
    expect(forC2).toEqual({ matched: false, deliveryId: "e1", events: [] });
    await expect(
      chat.triggers.new_message.receive({
        props: { channel: "C1" },
        store: createMemoryStore(),
        request,
        appConfig: { signingSecret: "wrong" },
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });
});

describe("polled items a trigger does not want", () => {
  it("moves the cursor past them without emitting them", async () => {
    let remote: PolledItem<{ bot: boolean }>[] = [];
    const client = createConnector({
      name: "chat-feed",
      displayName: "Chat feed",
      description: "Messages.",
      auth: ConnectorAuth.None(),
      actions: [],
      triggers: [
        createTrigger({
          name: "new_human_message",
          displayName: "New human message",
          description: "Fires for messages people post.",
          type: TRIGGER_TYPES.POLLING,
          poll: { dedupe: "timestamp", items: async () => remote },
        }),
      ],
    }).init();
    const store = createMemoryStore();
    remote = [{ id: "m1", timestamp: 1_000, payload: { bot: false } }];
    await client.triggers.new_human_message.enable({ props: {}, store });
    remote = [
      { id: "m3", timestamp: 3_000, payload: { bot: true }, emit: false },
      { id: "m2", timestamp: 2_000, payload: { bot: false } },
    ];
    await expect(client.triggers.new_human_message.poll({ props: {}, store })).resolves.toEqual([
      { id: "m2", payload: { bot: false }, occurredAt: "1970-01-01T00:00:02.000Z" },
    ]);
    expect(store.snapshot()[POLL_STATE_KEY]).toMatchObject({ highWaterMark: 3_000 });
  });
});
