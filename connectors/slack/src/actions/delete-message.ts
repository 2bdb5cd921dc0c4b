import { createAction } from "@triggo/connector-sdk";
import { z } from "zod";
import deleteFixture from "../__fixtures__/chat-delete.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { channelProp, messageTsProp } from "../slack-props";

const deletedMessageSchema = z.looseObject({
  ok: z.boolean(),
  channel: z.string(),
  ts: z.string(),
});

/** Deletes a message the app posted: POST /chat.delete with a JSON body. */
export const deleteMessage = createAction({
  name: "delete_message",
  displayName: "Delete message",
  description:
    "Deletes a message the app posted (a bot token cannot delete other people's messages).",
  auth: slackAuth,
  props: {
    channel: channelProp("The channel the message is in."),
    ts: messageTsProp(
      "Message",
      "The message's ts (e.g. 1503435956.000247), as send_message returned it.",
    ),
  },
  output: deletedMessageSchema,
  sampleData: deleteFixture,
  async run(context) {
    const { channel, ts } = context.propsValue;
    return postSlackJson<z.infer<typeof deletedMessageSchema>>(
      context.http,
      "chat.delete",
      { channel, ts },
      { signal: context.signal },
    );
  },
});
