import { createTrigger, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { z } from "zod";
import channelCreatedFixture from "../__fixtures__/event-channel-created.json";
import { slackAuth } from "../slack-auth";
import {
  envelopeOf,
  eventOf,
  forgetWorkspace,
  fromOwnWorkspace,
  rememberWorkspace,
  workspaceRoutingKey,
} from "../slack-events";
import { eventEnvelopeSchema } from "../slack-schemas";

const channelCreatedEventSchema = z.looseObject({
  type: z.literal("channel_created"),
  channel: z.looseObject({
    id: z.string(),
    name: z.string().nullish(),
    created: z.number().nullish(),
    creator: z.string().nullish(),
  }),
});

const deliverySchema = eventEnvelopeSchema(channelCreatedEventSchema);

/** A `channel_created` event as the Events API delivers it. */
export type SlackChannelCreatedDelivery = z.infer<typeof deliverySchema>;

/** Fires for each new public channel, through the app's Events API Request URL. */
export const channelCreated = createTrigger({
  name: "channel_created",
  displayName: "Channel created",
  description:
    "Fires when a public channel is created in the workspace. The Slack app must subscribe to the channel_created event (channels:read).",
  type: TRIGGER_TYPES.WEBHOOK,
  auth: slackAuth,
  props: {},
  payload: deliverySchema,
  sampleData: channelCreatedFixture as SlackChannelCreatedDelivery,
  onEnable: rememberWorkspace,
  onDisable: forgetWorkspace,
  appWebhook: {
    routingKey: workspaceRoutingKey,
    async match(context) {
      const envelope = envelopeOf(context.request);
      if (!envelope || !(await fromOwnWorkspace(context, envelope))) return false;
      return envelope.event.type === "channel_created";
    },
  },
  async run(context) {
    const envelope = envelopeOf(context.request);
    return envelope ? [eventOf(envelope, envelope as SlackChannelCreatedDelivery)] : [];
  },
});
