import { createAction } from "@triggo/connector-sdk";
import { z } from "zod";
import updateFixture from "../__fixtures__/chat-update.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { blocksProp, channelProp, messageTsProp, textProp } from "../slack-props";
import { messageContent, slackMessageSchema } from "../slack-schemas";

const updatedMessageSchema = z.looseObject({
  ok: z.boolean(),
  channel: z.string(),
  ts: z.string(),
  text: z.string().nullish(),
  message: slackMessageSchema.nullish(),
});

/** chat.update's answer. */
export type SlackUpdatedMessage = z.infer<typeof updatedMessageSchema>;

/** Edits a message the app posted: POST /chat.update with a JSON body. */
export const updateMessage = createAction({
  name: "update_message",
  displayName: "Update message",
  description: "Replaces the text or blocks of a message the app posted.",
  auth: slackAuth,
  props: {
    channel: channelProp("The channel the message is in."),
    ts: messageTsProp(
      "Message",
      "The message's ts (e.g. 1503435956.000247), as send_message returned it.",
    ),
    text: textProp,
    blocks: blocksProp,
  },
  output: updatedMessageSchema,
  sampleData: updateFixture,
  async run(context) {
    const { channel, ts, text, blocks } = context.propsValue;
    return postSlackJson<SlackUpdatedMessage>(
      context.http,
      "chat.update",
      { channel, ts, ...messageContent(text, blocks) },
      { signal: context.signal },
    );
  },
});
