import { createHmac } from "node:crypto";
import {
  ConnectorAuth,
  ConnectorError,
  createAction,
  createConnector,
  createCustomApiCallAction,
  createTrigger,
  Property,
  TRIGGER_TYPES,
} from "@triggo/connector-sdk";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkConnectorContract } from "./contract-rules";
import { describeConnector } from "./describe-connector";
import { createTriggerHarness, runAction } from "./harness";
import { useMockApi } from "./use-mock-api";

const auth = ConnectorAuth.SecretText({ displayName: "Key", description: "Your API key." });
const hmac = (secret: string, body: string) =>
  createHmac("sha256", secret).update(body).digest("hex");

const addItem = createAction({
  name: "add_item",
  displayName: "Add item",
  description: "Adds an item.",
  auth,
  props: {
    name: Property.ShortText({
      displayName: "Name",
      description: "The item's name.",
      required: true,
    }),
    tags: Property.Array({ displayName: "Tags", description: "Tags for the item." }),
  },
  output: z.object({ id: z.string() }),
  sampleData: { id: "it_1" },
  async run(context) {
    const response = await context.http.post<{ id: unknown }>("/items", {
      form: {
        name: context.propsValue.name,
        tags: context.propsValue.tags as string[] | undefined,
      },
    });
    return { id: response.body.id as string };
  },
});

const newItem = createTrigger({
  name: "new_item",
  displayName: "New item",
  description: "Fires when an item is added.",
  type: TRIGGER_TYPES.WEBHOOK,
  auth,
  props: {},
  payload: z.object({ id: z.string() }),
  sampleData: { id: "it_1" },
  async onEnable(context) {
    const response = await context.http.post<{ id: string; secret: string }>("/hooks", {
      json: { url: context.webhookUrl },
    });
    return { hookId: response.body.id, signingSecret: response.body.secret };
  },
  async onDisable(context) {
    await context.http.delete(`/hooks/${await context.store.get<string>("hookId")}`);
  },
  async verify(context) {
    const secret = await context.store.get<string>("signingSecret");
    const body = new TextDecoder().decode(context.request.rawBody);
    if (!secret || context.request.headers["x-signature"] !== hmac(secret, body)) {
      throw new ConnectorError("SIGNATURE_INVALID", "x-signature does not match");
    }
  },
  signDelivery: ({ rawBody, secret }) => ({ "x-signature": hmac(secret, rawBody) }),
  async run(context) {
    const body = context.request.body as { id: string };
    return [{ id: body.id, payload: body }];
  },
});

const shop = createConnector({
  name: "shop",
  displayName: "Shop",
  description: "A shop.",
  version: "1.0.0",
  auth,
  http: { baseUrl: "https://api.shop.test" },
  actions: [addItem, createCustomApiCallAction({ auth, apiName: "the Shop API" })],
  triggers: [newItem],
});

describe("useMockApi and runAction", () => {
  const api = useMockApi(
    http.post("https://api.shop.test/items", () => HttpResponse.json({ id: "it_9" })),
    http.post("https://api.shop.test/hooks", () =>
      HttpResponse.json({ id: "h_1", secret: "whsec-123456" }),
    ),
    http.delete("https://api.shop.test/hooks/:id", () => new HttpResponse(null, { status: 204 })),
  );

  it("records the exact request, form body included", async () => {
    await expect(
      runAction(shop, "add_item", { auth: "key-123456", props: { name: "Pen", tags: ["a", "b"] } }),
    ).resolves.toEqual({
      id: "it_9",
    });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.shop.test/items",
      path: "/items",
      query: {},
      rawBody: "name=Pen&tags[0]=a&tags[1]=b",
      body: { name: "Pen", "tags[0]": "a", "tags[1]": "b" },
    });
    expect(call.headers.authorization).toBe("Bearer key-123456");
    expect(call.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(api.callsTo("post", "/items")).toHaveLength(1);
  });

  it("fails when the result does not match the output schema", async () => {
    api.use(http.post("https://api.shop.test/items", () => HttpResponse.json({ id: 42 })));
    await expect(
      runAction(shop, "add_item", { auth: "key-123456", props: { name: "Pen" } }),
    ).rejects.toThrow("shop.add_item returned data that does not match its schema: id:");
  });

  it("names the actions there are when asked for one that is not", async () => {
    await expect(runAction(shop, "remove_item", { auth: "k" })).rejects.toThrow(
      'shop has no action "remove_item"; it has add_item, custom_api_call.',
    );
  });

  it("drives a webhook trigger through enable, signed deliveries and disable", async () => {
    const harness = createTriggerHarness(shop, "new_item", { auth: "key-123456" });
    await harness.enable();
    expect(api.lastCall()).toMatchObject({
      method: "POST",
      path: "/hooks",
      body: { url: harness.webhookUrl },
    });
    expect(harness.store.snapshot()).toEqual({ hookId: "h_1", signingSecret: "whsec-123456" });

    await expect(
      harness.deliver({ body: { id: "it_5" }, signWith: "whsec-123456" }),
    ).resolves.toEqual({
      matched: true,
      events: [{ id: "it_5", payload: { id: "it_5" } }],
    });
    await expect(
      harness.deliver({ body: { id: "it_5" }, signWith: "wrong-secret" }),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await harness.disable();
    expect(api.lastCall()).toMatchObject({ method: "DELETE", path: "/hooks/h_1" });
  });
});

describe("checkConnectorContract", () => {
  it("passes a complete connector", () => {
    expect(checkConnectorContract(shop, { packageVersion: "1.0.0" })).toEqual([]);
  });

  it("reports each broken rule with the subject and the fix", () => {
    const bare = createAction({
      name: "bare",
      displayName: "Bare",
      description: "Has no sample.",
      props: { text: Property.ShortText({ displayName: "Text" }) },
      run: async () => ({}),
    });
    const unverified = createTrigger({
      name: "unverified",
      displayName: "Unverified",
      description: "Checks nothing.",
      type: TRIGGER_TYPES.WEBHOOK,
      sampleData: {},
      run: async () => [],
    });
    const broken = createConnector({
      name: "broken",
      displayName: "Broken",
      description: "Breaks every rule.",
      version: "0.1.0",
      auth: ConnectorAuth.None(),
      http: { baseUrl: "https://api.broken.test" },
      actions: [bare],
      triggers: [unverified],
    });
    const findings = checkConnectorContract(broken, { packageVersion: "0.2.0" });
    expect(findings.map((finding) => `${finding.rule} | ${finding.subject}`).sort()).toEqual(
      [
        "custom-api-call | connector",
        "prop-description | action bare, prop text",
        "sample-data | action bare",
        "version | connector",
        "webhook-signer | trigger unverified",
        "webhook-verify | trigger unverified",
      ].sort(),
    );
    expect(findings.find((finding) => finding.rule === "version")?.message).toContain(
      'differs from package.json "0.2.0"',
    );
  });
});

describeConnector(shop, { packageVersion: "1.0.0" });
