import { createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import messageFixture from "../__fixtures__/event-message.json";
import { slackAuth } from "../slack-auth";
import {
  envelopeOf,
  eventOf,
  forgetWorkspace,
  fromOwnWorkspace,
  isBotMessage,
  isNewMessage,
  rememberWorkspaceAndCheckChannel,
  workspaceRoutingKey,
} from "../slack-events";
import { optionalChannelProp } from "../slack-props";
import { eventEnvelopeSchema } from "../slack-schemas";

const messageEventSchema = z.looseObject({
  type: z.literal("message"),
  subtype: z.string().nullish(),
  channel: z.string(),
  channel_type: z.string().nullish(),
  user: z.string().nullish(),
  bot_id: z.string().nullish(),
  text: z.string().nullish(),
  ts: z.string(),
  thread_ts: z.string().nullish(),
  event_ts: z.string().nullish(),
});

const deliverySchema = eventEnvelopeSchema(messageEventSchema);

/** A `message` event as the Events API delivers it (message.channels, message.groups...). */
export type SlackMessageDelivery = z.infer<typeof deliverySchema>;

/**
 * Fires for each new message, through the app's Events API Request URL (message.channels and,
 * for private channels, message.groups). Edits, deletions and channel notices (message_changed,
 * message_deleted, channel_join...) are not new messages and are skipped.
 */
export const newMessage = createTrigger({
  name: "new_message",
  displayName: "New message",
  description:
    "Fires when a message is posted in a channel the app's bot is in (or in one chosen channel). The Slack app must subscribe to the message.channels event (and message.groups for private channels).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: slackAuth,
  props: {
    channel: optionalChannelProp(
      "Only messages in this channel; leave empty for every channel the app's bot is in.",
    ),
    ignore_bots: Property.Checkbox({
      displayName: "Ignore bots",
      description: "Skip messages posted by apps and bots, this app's own included.",
      defaultValue: true,
    }),
  },
  payload: deliverySchema,
  sampleData: messageFixture as SlackMessageDelivery,
  onEnable: (context) => rememberWorkspaceAndCheckChannel(context, context.propsValue.channel),
  onDisable: forgetWorkspace,
  appWebhook: {
    routingKey: workspaceRoutingKey,
    async match(context) {
      const envelope = envelopeOf(context.request);
      if (!envelope || !(await fromOwnWorkspace(context, envelope))) return false;
      const message = envelope.event as z.infer<typeof messageEventSchema>;
      if (message.type !== "message" || !isNewMessage(message)) return false;
      if (context.propsValue.ignore_bots !== false && isBotMessage(message)) return false;
      const { channel } = context.propsValue;
      return !channel || message.channel === channel;
    },
  },
  async run(context) {
    const envelope = envelopeOf(context.request);
    return envelope ? [eventOf(envelope, envelope as SlackMessageDelivery)] : [];
  },
});
