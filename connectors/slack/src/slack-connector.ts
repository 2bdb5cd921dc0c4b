import { createConnector, createCustomApiCallAction } from "@triggo/connector-sdk";
import { version } from "../package.json";
import authTestFixture from "./__fixtures__/auth-test.json";
import { addReaction } from "./actions/add-reaction";
import { createChannel } from "./actions/create-channel";
import { deleteMessage } from "./actions/delete-message";
import { findUserByEmail } from "./actions/find-user-by-email";
import { getChannelHistory } from "./actions/get-channel-history";
import { inviteToChannel } from "./actions/invite-to-channel";
import { listChannels } from "./actions/list-channels";
import { scheduleMessage } from "./actions/schedule-message";
import { sendDirectMessage } from "./actions/send-direct-message";
import { sendMessage } from "./actions/send-message";
import { setChannelTopic } from "./actions/set-channel-topic";
import { updateMessage } from "./actions/update-message";
import { uploadFile } from "./actions/upload-file";
import { slackAuth } from "./slack-auth";
import { slackAppWebhook } from "./slack-events";
import { classifySlackResponse, SLACK_API_URL } from "./slack-http";
import { channelCreated } from "./triggers/channel-created";
import { newMessage } from "./triggers/new-message";
import { newMessagePolling } from "./triggers/new-message-polling";
import { reactionAdded } from "./triggers/reaction-added";

/**
 * Slack: post, edit and schedule messages, manage channels, reactions and files, and start
 * workflows on messages, reactions and new channels. `slack.init({ auth: "xoxb-…" })` gives a
 * typed client. Webhook triggers come through the app's one Events API Request URL (the
 * connector's `appWebhook`, verified with the app's signing secret).
 */
export const slack = createConnector({
  name: "slack",
  displayName: "Slack",
  description:
    "Send and manage Slack messages, channels, reactions and files, and start workflows on new messages, reactions and channels.",
  version,
  auth: slackAuth,
  website: "https://docs.slack.dev/apis/web-api/",
  categories: ["communication"],
  http: { baseUrl: SLACK_API_URL, classify: classifySlackResponse },
  appWebhook: slackAppWebhook,
  actions: [
    sendMessage,
    updateMessage,
    deleteMessage,
    sendDirectMessage,
    scheduleMessage,
    addReaction,
    createChannel,
    inviteToChannel,
    setChannelTopic,
    listChannels,
    getChannelHistory,
    findUserByEmail,
    uploadFile,
    createCustomApiCallAction({
      auth: slackAuth,
      apiName: "the Slack Web API (e.g. POST /conversations.archive)",
      bodyEncoding: "json",
      sampleData: {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: authTestFixture,
      },
    }),
  ],
  triggers: [newMessage, reactionAdded, channelCreated, newMessagePolling],
});
