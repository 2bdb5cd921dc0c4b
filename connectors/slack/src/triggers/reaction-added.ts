import { createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import reactionFixture from "../__fixtures__/event-reaction-added.json";
import { slackAuth } from "../slack-auth";
import {
  envelopeOf,
  eventOf,
  forgetWorkspace,
  fromOwnWorkspace,
  rememberWorkspaceAndCheckChannel,
  workspaceRoutingKey,
} from "../slack-events";
import { optionalChannelProp } from "../slack-props";
import { emojiName, eventEnvelopeSchema } from "../slack-schemas";

const reactionEventSchema = z.looseObject({
  type: z.literal("reaction_added"),
  user: z.string(),
  reaction: z.string(),
  item_user: z.string().nullish(),
  item: z.looseObject({
    type: z.string(),
    channel: z.string().nullish(),
    ts: z.string().nullish(),
  }),
  event_ts: z.string().nullish(),
});

const deliverySchema = eventEnvelopeSchema(reactionEventSchema);

/** A `reaction_added` event as the Events API delivers it. */
export type SlackReactionDelivery = z.infer<typeof deliverySchema>;

/** Fires for each emoji reaction added, through the app's Events API Request URL. */
export const reactionAdded = createTrigger({
  name: "reaction_added",
  displayName: "Reaction added",
  description:
    "Fires when someone adds an emoji reaction to a message the app can see, optionally only in one channel or for one emoji. The Slack app must subscribe to the reaction_added event.",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: slackAuth,
  props: {
    channel: optionalChannelProp(
      "Only reactions to messages in this channel; leave empty for any.",
    ),
    emoji: Property.ShortText({
      displayName: "Emoji",
      description: "Only this emoji, e.g. thumbsup or :white_check_mark:; leave empty for any.",
    }),
  },
  payload: deliverySchema,
  sampleData: reactionFixture as SlackReactionDelivery,
  onEnable: (context) => rememberWorkspaceAndCheckChannel(context, context.propsValue.channel),
  onDisable: forgetWorkspace,
  appWebhook: {
    routingKey: workspaceRoutingKey,
    async match(context) {
      const envelope = envelopeOf(context.request);
      if (!envelope || !(await fromOwnWorkspace(context, envelope))) return false;
      const reaction = envelope.event as z.infer<typeof reactionEventSchema>;
      if (reaction.type !== "reaction_added") return false;
      const { channel, emoji } = context.propsValue;
      if (channel && reaction.item?.channel !== channel) return false;
      // A skin tone arrives as `thumbsup::skin-tone-2`: the emoji filter matches every tone.
      return !emoji || reaction.reaction.split("::")[0] === emojiName(emoji);
    },
  },
  async run(context) {
    const envelope = envelopeOf(context.request);
    return envelope ? [eventOf(envelope, envelope as SlackReactionDelivery)] : [];
  },
});
