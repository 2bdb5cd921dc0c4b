import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import scheduleFixture from "../__fixtures__/chat-schedule-message.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson, toSlackTimestamp } from "../slack-http";
import { blocksProp, channelProp, textProp, threadTsProp } from "../slack-props";
import { messageContent, slackMessageSchema } from "../slack-schemas";

const scheduledMessageSchema = z.looseObject({
  ok: z.boolean(),
  channel: z.string(),
  scheduled_message_id: z.string(),
  post_at: z.union([z.string(), z.number()]),
  message: slackMessageSchema.nullish(),
});

/** chat.scheduleMessage's answer. */
export type SlackScheduledMessage = z.infer<typeof scheduledMessageSchema>;

/**
 * Schedules a message: POST /chat.scheduleMessage with a JSON body, `post_at` in Unix seconds.
 * Slack takes times up to 120 days ahead (time_too_far) and not in the past (time_in_past).
 */
export const scheduleMessage = createAction({
  name: "schedule_message",
  displayName: "Schedule message",
  description:
    "Schedules a message to be posted to a channel at a later time (up to 120 days ahead).",
  auth: slackAuth,
  props: {
    channel: channelProp(),
    post_at: Property.DateTime({
      displayName: "Post at",
      description: "When to post the message; Slack keeps the time to the second.",
      required: true,
    }),
    text: textProp,
    blocks: blocksProp,
    thread_ts: threadTsProp,
  },
  output: scheduledMessageSchema,
  sampleData: scheduleFixture,
  async run(context) {
    const { channel, post_at, text, blocks, thread_ts } = context.propsValue;
    return postSlackJson<SlackScheduledMessage>(
      context.http,
      "chat.scheduleMessage",
      {
        channel,
        post_at: Number(toSlackTimestamp(post_at, false)),
        ...messageContent(text, blocks),
        thread_ts,
      },
      { signal: context.signal },
    );
  },
});
