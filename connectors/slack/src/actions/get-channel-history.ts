import { createAction, Property } from "@triggo/connector-sdk";
import { collect } from "@triggo/shared";
import { z } from "zod";
import historyFixture from "../__fixtures__/conversations-history.json";
import { slackAuth } from "../slack-auth";
import { listSlack, toSlackTimestamp } from "../slack-http";
import { channelProp } from "../slack-props";
import { slackMessageSchema } from "../slack-schemas";

const DEFAULT_LIMIT = 100;
/** conversations.history pages: Slack recommends no more than 200 ("Pagination"). */
const PAGE_SIZE = 200;

const historySchema = z.object({ messages: z.array(slackMessageSchema) });

/** What `get_channel_history` returns: messages, newest first. */
export type SlackChannelHistory = z.infer<typeof historySchema>;

/** Reads a channel's messages: GET /conversations.history page after page, up to a limit. */
export const getChannelHistory = createAction({
  name: "get_channel_history",
  displayName: "Get channel history",
  description:
    "Reads a channel's messages, newest first, optionally between two times, up to a limit (thread replies are not included).",
  auth: slackAuth,
  props: {
    channel: channelProp(
      "The channel to read; the app's bot must be a member of a private channel.",
    ),
    oldest: Property.DateTime({
      displayName: "After",
      description: "Only messages posted after this time.",
    }),
    latest: Property.DateTime({
      displayName: "Before",
      description: "Only messages posted before this time (default: now).",
    }),
    inclusive: Property.Checkbox({
      displayName: "Inclusive",
      description: "Also include messages posted exactly at the After or Before time.",
      defaultValue: false,
    }),
    limit: Property.Number({
      displayName: "Limit",
      description: `The most messages to return (default ${DEFAULT_LIMIT}).`,
      integer: true,
      min: 1,
      defaultValue: DEFAULT_LIMIT,
    }),
  },
  output: historySchema,
  sampleData: { messages: historyFixture.messages },
  async run(context) {
    const { channel, oldest, latest, inclusive } = context.propsValue;
    const bounded = oldest !== undefined || latest !== undefined;
    const messages = await collect(
      listSlack<z.infer<typeof slackMessageSchema>>(context.http, {
        method: "conversations.history",
        query: {
          channel,
          oldest: oldest === undefined ? undefined : toSlackTimestamp(oldest),
          latest: latest === undefined ? undefined : toSlackTimestamp(latest),
          inclusive: bounded && inclusive ? true : undefined,
        },
        items: "messages",
        limit: context.propsValue.limit,
        pageSize: PAGE_SIZE,
        signal: context.signal,
      }),
    );
    return { messages };
  },
});
