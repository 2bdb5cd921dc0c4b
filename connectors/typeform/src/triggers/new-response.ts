import { createHash, randomBytes } from "node:crypto";
import { ConnectorError, createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { type HmacSignatureScheme, signHmacWebhook, verifyHmacWebhook } from "@triggo/shared";
import { z } from "zod";
import deliveryFixture from "../__fixtures__/webhook-delivery.json";
import { typeformAuth } from "../typeform-auth";
import { typeformResponseSchema } from "../typeform-http";
import { formIdProp } from "../typeform-props";

/**
 * Typeform signs the raw body: `Typeform-Signature: sha256=<base64 HMAC-SHA256>` with the
 * webhook's secret (Webhooks > Secure your webhooks). Nothing signed carries a time, so a
 * replayed delivery cannot be told by its age: the runtime drops repeats by `deliveryId`.
 */
const TYPEFORM_SIGNATURE = {
  header: "Typeform-Signature",
  algorithm: "sha256",
  encoding: "base64",
  prefix: "sha256=",
} as const satisfies HmacSignatureScheme;

const deliverySchema = z.looseObject({
  event_id: z.string(),
  event_type: z.string(),
  form_response: typeformResponseSchema,
});

/** What Typeform posts to the webhook for one submission. */
export type TypeformWebhookDelivery = z.infer<typeof deliverySchema>;

/** One tag per webhook URL, so that enabling the same instance again updates its webhook. */
function webhookTag(webhookUrl: string): string {
  return `triggo-${createHash("sha256").update(webhookUrl).digest("hex").slice(0, 16)}`;
}

function webhookPath(formId: string, tag: string): string {
  return `/forms/${encodeURIComponent(formId)}/webhooks/${encodeURIComponent(tag)}`;
}

/**
 * Fires when someone submits the form: registers a signed webhook on enable
 * (PUT /forms/{form_id}/webhooks/{tag}) and removes it on disable.
 */
export const newResponse = createTrigger({
  name: "new_response",
  displayName: "New response",
  description:
    "Fires as soon as someone submits the form, with their answers: Typeform calls a webhook that this trigger registers on the form.",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: typeformAuth,
  props: { form_id: formIdProp },
  payload: deliverySchema,
  sampleData: deliveryFixture,
  async onEnable(context) {
    const tag = webhookTag(context.webhookUrl);
    // Enabling again sends the same request: same tag, same secret.
    const signingSecret =
      (await context.store.get<string>("signingSecret")) ?? randomBytes(32).toString("hex");
    await context.http.put(
      webhookPath(context.propsValue.form_id, tag),
      {
        json: {
          url: context.webhookUrl,
          enabled: true,
          secret: signingSecret,
          verify_ssl: true,
          event_types: { form_response: true },
        },
      },
      { signal: context.signal },
    );
    return { webhookTag: tag, signingSecret };
  },
  async onDisable(context) {
    const tag = (await context.store.get<string>("webhookTag")) ?? webhookTag(context.webhookUrl);
    try {
      await context.http.delete(webhookPath(context.propsValue.form_id, tag), {
        signal: context.signal,
      });
    } catch (error) {
      // Already removed (by hand, or with its form): there is nothing left to do.
      if (!ConnectorError.is(error) || error.code !== "NOT_FOUND") throw error;
    }
    await context.store.delete("webhookTag");
    await context.store.delete("signingSecret");
  },
  async verify(context) {
    const secret = await context.store.get<string>("signingSecret");
    if (!secret) {
      throw new ConnectorError(
        "CONFIGURATION",
        "new_response has no signing secret: enable the trigger so that it registers its webhook.",
      );
    }
    verifyHmacWebhook({
      ...TYPEFORM_SIGNATURE,
      secret,
      body: context.request.rawBody,
      headers: context.request.headers,
    });
  },
  deliveryId(request) {
    const eventId = (request.body as { event_id?: unknown } | undefined)?.event_id;
    return typeof eventId === "string" ? eventId : undefined;
  },
  async run(context) {
    const delivery = context.request.body as TypeformWebhookDelivery | undefined;
    // Partial responses (form_response_partial) are not submissions.
    if (delivery?.event_type !== "form_response") return [];
    const response = delivery.form_response;
    return [
      {
        // The response's token: the same response is the same event, whichever delivery brought it.
        id: response.token,
        payload: delivery,
        ...(response.submitted_at ? { occurredAt: response.submitted_at } : {}),
      },
    ];
  },
  signDelivery: ({ rawBody, secret }) =>
    signHmacWebhook({ ...TYPEFORM_SIGNATURE, secret, body: rawBody }),
});
