import { ConnectorError } from "@triggo/connector-sdk";
import { z } from "zod";

/** A message as the Web API returns it (lenient: Slack adds fields over time). */
export const slackMessageSchema = z.looseObject({
  type: z.string().nullish(),
  subtype: z.string().nullish(),
  ts: z.string().nullish(),
  user: z.string().nullish(),
  bot_id: z.string().nullish(),
  text: z.string().nullish(),
  thread_ts: z.string().nullish(),
});

/** A conversation (channel, private channel, DM or group DM). */
export const slackChannelSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  is_private: z.boolean().nullish(),
  is_archived: z.boolean().nullish(),
  created: z.number().nullish(),
  creator: z.string().nullish(),
});

/** A workspace member. */
export const slackUserSchema = z.looseObject({
  id: z.string(),
  team_id: z.string().nullish(),
  name: z.string().nullish(),
  real_name: z.string().nullish(),
  deleted: z.boolean().nullish(),
  is_bot: z.boolean().nullish(),
  profile: z
    .looseObject({ email: z.string().nullish(), display_name: z.string().nullish() })
    .nullish(),
});

/** chat.postMessage's answer: where and when the message was posted, and the message. */
export const postedMessageSchema = z.looseObject({
  ok: z.boolean(),
  channel: z.string(),
  ts: z.string(),
  message: slackMessageSchema.nullish(),
});

/** chat.postMessage's answer. */
export type SlackPostedMessage = z.infer<typeof postedMessageSchema>;

/** A Slack Events API delivery: the envelope around one event ("Events API" > Callback field). */
export function eventEnvelopeSchema<T extends z.ZodType>(event: T) {
  return z.looseObject({
    type: z.literal("event_callback"),
    team_id: z.string(),
    api_app_id: z.string().nullish(),
    event_id: z.string(),
    event_time: z.number(),
    event,
  });
}

/**
 * The text and blocks of a message. Blocks may be given as an array or as Block Kit Builder's
 * `{ "blocks": [...] }`; Slack needs text, blocks or both (`no_text` otherwise).
 */
export function messageContent(text: string | undefined, blocks: unknown) {
  const exported =
    typeof blocks === "object" && blocks !== null && !Array.isArray(blocks) && "blocks" in blocks;
  const list = exported ? (blocks as { blocks: unknown }).blocks : blocks;
  if (list !== undefined && !Array.isArray(list)) {
    throw new ConnectorError("VALIDATION", '"blocks" must be a JSON array of Block Kit blocks.');
  }
  const hasText = text !== undefined && text.trim() !== "";
  if (!hasText && (list === undefined || list.length === 0)) {
    throw new ConnectorError("VALIDATION", 'Give the message "text", "blocks" or both.');
  }
  return { text: hasText ? text : undefined, blocks: list?.length ? list : undefined };
}

/** An emoji name as reactions.add and the events name it: without the colons. */
export function emojiName(value: string): string {
  return value.trim().replace(/^:/, "").replace(/:$/, "");
}
