import { createAction } from "@triggo/connector-sdk";
import postMessageFixture from "../__fixtures__/chat-post-message.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { blocksProp, textProp, userProp } from "../slack-props";
import { messageContent, postedMessageSchema, type SlackPostedMessage } from "../slack-schemas";

interface OpenedConversation {
  ok: true;
  channel: { id: string };
}

/**
 * Sends a direct message from the app's bot: POST /conversations.open with `users` (it returns
 * the existing DM when there is one), then POST /chat.postMessage to that DM's ID.
 */
export const sendDirectMessage = createAction({
  name: "send_direct_message",
  displayName: "Send direct message",
  description: "Sends a direct message from the app's bot to a member of the workspace.",
  auth: slackAuth,
  props: {
    user: userProp("The member to write to: their user ID (e.g. U123ABC456)."),
    text: textProp,
    blocks: blocksProp,
  },
  output: postedMessageSchema,
  sampleData: postMessageFixture as SlackPostedMessage,
  async run(context) {
    const { user, text, blocks } = context.propsValue;
    const content = messageContent(text, blocks);
    const opened = await postSlackJson<OpenedConversation>(
      context.http,
      "conversations.open",
      { users: user },
      { signal: context.signal },
    );
    return postSlackJson<SlackPostedMessage>(
      context.http,
      "chat.postMessage",
      { channel: opened.channel.id, ...content },
      { signal: context.signal },
    );
  },
});
