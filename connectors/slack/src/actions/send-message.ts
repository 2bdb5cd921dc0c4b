import { createAction, Property } from "@triggo/connector-sdk";
import postMessageFixture from "../__fixtures__/chat-post-message.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { blocksProp, channelProp, textProp, threadTsProp } from "../slack-props";
import { messageContent, postedMessageSchema, type SlackPostedMessage } from "../slack-schemas";

/**
 * Posts a message: POST /chat.postMessage with a JSON body. The bot must be in the channel
 * unless it is public (chat:write.public); a custom name or icon needs chat:write.customize.
 */
export const sendMessage = createAction({
  name: "send_message",
  displayName: "Send message",
  description:
    "Posts a message to a channel, optionally as a thread reply, with Block Kit blocks and a custom bot name or icon.",
  auth: slackAuth,
  props: {
    channel: channelProp(),
    text: textProp,
    blocks: blocksProp,
    thread_ts: threadTsProp,
    reply_broadcast: Property.Checkbox({
      displayName: "Also send to channel",
      description: "With a thread, also shows the reply in the channel.",
      defaultValue: false,
    }),
    username: Property.ShortText({
      displayName: "Bot name",
      description:
        "Posts under this name instead of the app's (needs the chat:write.customize scope).",
    }),
    icon_emoji: Property.ShortText({
      displayName: "Icon emoji",
      description:
        "An emoji to show as the icon, e.g. :rocket: (needs chat:write.customize; wins over the icon URL).",
    }),
    icon_url: Property.ShortText({
      displayName: "Icon URL",
      description: "The URL of an image to show as the icon (needs chat:write.customize).",
    }),
    unfurl_links: Property.Checkbox({
      displayName: "Unfurl links",
      description: "Show previews of text-based links (Slack's default: only for links to media).",
    }),
    unfurl_media: Property.Checkbox({
      displayName: "Unfurl media",
      description: "Show previews of images and videos (Slack's default: on).",
    }),
  },
  output: postedMessageSchema,
  sampleData: postMessageFixture as SlackPostedMessage,
  async run(context) {
    const { channel, thread_ts, reply_broadcast, ...appearance } = context.propsValue;
    const content = messageContent(appearance.text, appearance.blocks);
    return postSlackJson<SlackPostedMessage>(
      context.http,
      "chat.postMessage",
      {
        channel,
        ...content,
        thread_ts,
        reply_broadcast: thread_ts ? reply_broadcast : undefined,
        username: appearance.username,
        icon_emoji: appearance.icon_emoji,
        icon_url: appearance.icon_url,
        unfurl_links: appearance.unfurl_links,
        unfurl_media: appearance.unfurl_media,
      },
      { signal: context.signal },
    );
  },
});
