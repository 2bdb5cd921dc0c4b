import { createAction, Property } from "@triggo/connector-sdk";
import setTopicFixture from "../__fixtures__/conversations-set-topic.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { channelProp } from "../slack-props";
import { channelResultSchema, type SlackChannelResult } from "./create-channel";

/** Sets a channel's topic: POST /conversations.setTopic with a JSON body. */
export const setChannelTopic = createAction({
  name: "set_channel_topic",
  displayName: "Set channel topic",
  description: "Sets the topic shown in a channel's header.",
  auth: slackAuth,
  props: {
    channel: channelProp("The channel; the app's bot must be a member."),
    topic: Property.ShortText({
      displayName: "Topic",
      description: "The new topic (at most 250 characters; no formatting or links).",
      required: true,
    }),
  },
  output: channelResultSchema,
  sampleData: setTopicFixture as SlackChannelResult,
  async run(context) {
    const { channel, topic } = context.propsValue;
    return postSlackJson<SlackChannelResult>(
      context.http,
      "conversations.setTopic",
      { channel, topic },
      { signal: context.signal },
    );
  },
});
