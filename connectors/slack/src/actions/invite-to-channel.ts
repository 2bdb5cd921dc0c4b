import { ConnectorError, createAction } from "@triggo/connector-sdk";
import inviteFixture from "../__fixtures__/conversations-invite.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { channelProp, usersProp } from "../slack-props";
import { channelResultSchema, type SlackChannelResult } from "./create-channel";

/** Slack takes at most 100 user IDs per conversations.invite call. */
const MAX_INVITED = 100;

/** Invites members to a channel: POST /conversations.invite, `users` comma-separated. */
export const inviteToChannel = createAction({
  name: "invite_to_channel",
  displayName: "Invite to channel",
  description: "Invites up to 100 members to a channel the app's bot is in.",
  auth: slackAuth,
  props: {
    channel: channelProp("The channel to invite them to; the app's bot must be a member."),
    users: usersProp("The members to invite: user IDs such as U123ABC456 (at most 100)."),
  },
  output: channelResultSchema,
  sampleData: inviteFixture as SlackChannelResult,
  async run(context) {
    const { channel, users } = context.propsValue;
    if (users.length === 0 || users.length > MAX_INVITED) {
      throw new ConnectorError(
        "VALIDATION",
        `"users" must name 1 to ${MAX_INVITED} members; got ${users.length}.`,
      );
    }
    return postSlackJson<SlackChannelResult>(
      context.http,
      "conversations.invite",
      { channel, users: users.join(",") },
      { signal: context.signal },
    );
  },
});
