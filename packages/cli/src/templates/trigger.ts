import { toPascalCase } from "../names";
import {
  type ConnectorNames,
  type MemberNames,
  stringProperty,
  type TestAuth,
  testAuthParts,
  testImports,
} from "./names";

/** The payload type an added trigger exports, e.g. `MyServiceNewItemPayload`. */
export function triggerPayloadType(connector: ConnectorNames, trigger: MemberNames): string {
  return `${connector.typePrefix}${toPascalCase(trigger.name)}Payload`;
}

/** `src/triggers/<name>.ts` (a polling trigger) and its test, for `triggo add trigger`. */
export function pollingTriggerFiles(
  connector: ConnectorNames,
  trigger: MemberNames,
  testAuth: TestAuth,
): Record<string, string> {
  const { harnessOptions, bearerCheck } = testAuthParts(testAuth);
  const payloadType = triggerPayloadType(connector, trigger);
  const path = `/${trigger.fileName}`;
  const pageType = `${toPascalCase(trigger.name)}Page`;
  return {
    [`src/triggers/${trigger.fileName}.ts`]: `import { createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import { ${connector.authVariable} } from "../${connector.name}-auth";

// TODO: the fields of one item, from the provider's API reference (lenient: looseObject).
const payloadSchema = z.looseObject({ id: z.string(), created_at: z.string() });

/** One event of \`${trigger.name}\`: the new item. */
export type ${payloadType} = z.infer<typeof payloadSchema>;

/** One page of GET ${path}. TODO: the list's real shape. */
interface ${pageType} {
  items: ${payloadType}[];
}

/** ${trigger.displayName}: polls GET ${path}. TODO: the endpoint from the provider's API reference. */
export const ${trigger.variable} = createTrigger({
  name: "${trigger.name}",
${stringProperty("  ", "displayName", trigger.displayName)}
${stringProperty("  ", "description", `Fires for each new item in ${connector.displayName}, checked every 5 minutes.`)}
  type: TRIGGER_TYPES.POLLING,
  auth: ${connector.authVariable},
  payload: payloadSchema,
  sampleData: { id: "123", created_at: "2025-01-01T00:00:00Z" },
  poll: {
    dedupe: "id",
    async items(context) {
      const response = await context.http.get<${pageType}>("${path}", {
        signal: context.signal,
      });
      return response.body.items.map((item) => ({
        id: item.id,
        timestamp: item.created_at,
        payload: item,
      }));
    },
  },
});
`,
    [`src/triggers/${trigger.fileName}.test.ts`]: `import { createTriggerHarness, HttpResponse, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
${testImports(connector, "..")}

${testAuth.declaration ? `${testAuth.declaration}\n` : ""}const endpoint = \`\${${connector.apiUrlConstant}}${path}\`;
const item = (day: number) => ({ id: String(day), created_at: \`2025-01-0\${day}T00:00:00Z\` });

describe("${trigger.name}", () => {
  const api = useMockApi(...${connector.handlersVariable});

  it("emits only the items that are new since it was enabled", async () => {
    let items = [item(1)];
    api.use(http.get(endpoint, () => HttpResponse.json({ items })));
    const harness = createTriggerHarness(${connector.connectorVariable}, "${trigger.name}"${harnessOptions});
    await harness.enable();
    expect(api.lastCall()).toMatchObject({ method: "GET", endpoint });
${bearerCheck}    items = [item(2), item(1)];
    const events = await harness.poll();
    expect(events.map((event) => event.id)).toEqual(["2"]);
  });
});
`,
  };
}

/**
 * `src/triggers/<name>.ts` (a webhook trigger: registers a webhook on enable, verifies an HMAC
 * signature, signs test deliveries) and its test, for `triggo add trigger --webhook`.
 */
export function webhookTriggerFiles(
  connector: ConnectorNames,
  trigger: MemberNames,
  testAuth: TestAuth,
): Record<string, string> {
  const { harnessOptions, bearerCheck } = testAuthParts(testAuth);
  const payloadType = triggerPayloadType(connector, trigger);
  return {
    [`src/triggers/${trigger.fileName}.ts`]: `import { ConnectorError, createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { type HmacSignatureScheme, signHmacWebhook, verifyHmacWebhook } from "@triggo/shared";
import { z } from "zod";
import { ${connector.authVariable} } from "../${connector.name}-auth";

/** TODO: how ${connector.displayName} signs a delivery, from its webhook documentation. */
const SIGNATURE = {
  header: "X-Signature",
  algorithm: "sha256",
  encoding: "hex",
  prefix: "sha256=",
} as const satisfies HmacSignatureScheme;

// TODO: the fields of one delivery, from the provider's webhook reference (lenient: looseObject).
const payloadSchema = z.looseObject({ id: z.string(), type: z.string() });

/** One delivery of \`${trigger.name}\`. */
export type ${payloadType} = z.infer<typeof payloadSchema>;

/**
 * ${trigger.displayName}: registers a webhook on enable (POST /webhooks) and removes it on
 * disable (DELETE /webhooks/{id}). TODO: the endpoints from the provider's API reference.
 */
export const ${trigger.variable} = createTrigger({
  name: "${trigger.name}",
${stringProperty("  ", "displayName", trigger.displayName)}
${stringProperty("  ", "description", `Fires as soon as ${connector.displayName} calls the webhook this trigger registers.`)}
  type: TRIGGER_TYPES.WEBHOOK,
  auth: ${connector.authVariable},
  payload: payloadSchema,
  sampleData: { id: "evt_123", type: "${trigger.name}" },
  async onEnable(context) {
    const response = await context.http.post<{ id: string; secret: string }>(
      "/webhooks",
      { json: { url: context.webhookUrl, events: ["${trigger.name}"] } },
      { signal: context.signal },
    );
    return { webhookId: response.body.id, signingSecret: response.body.secret };
  },
  async onDisable(context) {
    const webhookId = await context.store.get<string>("webhookId");
    if (webhookId) {
      await context.http.delete(\`/webhooks/\${encodeURIComponent(webhookId)}\`, {
        signal: context.signal,
      });
    }
    await context.store.delete("webhookId");
    await context.store.delete("signingSecret");
  },
  async verify(context) {
    const secret = await context.store.get<string>("signingSecret");
    if (!secret) {
      throw new ConnectorError(
        "CONFIGURATION",
        "${trigger.name} has no signing secret: enable the trigger so that it registers its webhook.",
      );
    }
    verifyHmacWebhook({
      ...SIGNATURE,
      secret,
      body: context.request.rawBody,
      headers: context.request.headers,
    });
  },
  deliveryId(request) {
    const id = (request.body as { id?: unknown } | undefined)?.id;
    return typeof id === "string" ? id : undefined;
  },
  async run(context) {
    const delivery = context.request.body as ${payloadType};
    return [{ id: delivery.id, payload: delivery }];
  },
  signDelivery: ({ rawBody, secret }) => signHmacWebhook({ ...SIGNATURE, secret, body: rawBody }),
});
`,
    [`src/triggers/${trigger.fileName}.test.ts`]: `import { createTriggerHarness, HttpResponse, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
${testImports(connector, "..")}

${testAuth.declaration ? `${testAuth.declaration}\n` : ""}const delivery = { id: "evt_123", type: "${trigger.name}" };

describe("${trigger.name}", () => {
  const api = useMockApi(
    ...${connector.handlersVariable},
    http.post(\`\${${connector.apiUrlConstant}}/webhooks\`, () =>
      HttpResponse.json({ id: "wh_1", secret: "whsec_test" }),
    ),
    http.delete(\`\${${connector.apiUrlConstant}}/webhooks/:id\`, () => new HttpResponse(null, { status: 204 })),
  );

  async function enabled() {
    const harness = createTriggerHarness(${connector.connectorVariable}, "${trigger.name}"${harnessOptions});
    await harness.enable();
    return harness;
  }

  it("registers a webhook for its URL and keeps the id and the secret", async () => {
    const harness = await enabled();
    expect(api.lastCall()).toMatchObject({
      method: "POST",
      endpoint: \`\${${connector.apiUrlConstant}}/webhooks\`,
      body: { url: harness.webhookUrl, events: ["${trigger.name}"] },
    });
${bearerCheck}    expect(harness.store.snapshot()).toEqual({ webhookId: "wh_1", signingSecret: "whsec_test" });
  });

  it("turns a signed delivery into one event, and refuses a forged one", async () => {
    const harness = await enabled();
    await expect(harness.deliver({ body: delivery, signWith: "whsec_test" })).resolves.toEqual({
      matched: true,
      deliveryId: "evt_123",
      events: [{ id: "evt_123", payload: delivery }],
    });
    await expect(harness.deliver({ body: delivery, signWith: "forged" })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
  });

  it("removes its webhook when disabled", async () => {
    const harness = await enabled();
    await harness.disable();
    expect(api.lastCall()).toMatchObject({
      method: "DELETE",
      endpoint: \`\${${connector.apiUrlConstant}}/webhooks/wh_1\`,
    });
    expect(harness.store.snapshot()).toEqual({});
  });
});
`,
  };
}
