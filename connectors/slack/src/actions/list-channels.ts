import { createAction, Property } from "@triggo/connector-sdk";
import { collect } from "@triggo/shared";
import { z } from "zod";
import listFixture from "../__fixtures__/conversations-list.json";
import { slackAuth } from "../slack-auth";
import { listSlack } from "../slack-http";
import { SLACK_PAGE_SIZE } from "../slack-props";
import { slackChannelSchema } from "../slack-schemas";

const DEFAULT_LIMIT = 200;
const CHANNEL_TYPES = ["public_channel", "private_channel", "mpim", "im"] as const;

const channelListSchema = z.object({ channels: z.array(slackChannelSchema) });

/** What `list_channels` returns. */
export type SlackChannelList = z.infer<typeof channelListSchema>;

/** Lists conversations: GET /conversations.list page after page (cursor), up to a limit. */
export const listChannels = createAction({
  name: "list_channels",
  displayName: "List channels",
  description:
    "Lists the workspace's channels (and, if asked, group DMs and DMs) that the app can see, up to a limit.",
  auth: slackAuth,
  props: {
    types: Property.MultiSelectDropdown({
      displayName: "Types",
      description: "Which conversations to list (default: public channels).",
      options: [
        { label: "Public channels", value: "public_channel" },
        { label: "Private channels", value: "private_channel" },
        { label: "Group direct messages", value: "mpim" },
        { label: "Direct messages", value: "im" },
      ],
    }),
    exclude_archived: Property.Checkbox({
      displayName: "Exclude archived",
      description: "Leave archived channels out.",
      defaultValue: true,
    }),
    limit: Property.Number({
      displayName: "Limit",
      description: `The most channels to return (default ${DEFAULT_LIMIT}).`,
      integer: true,
      min: 1,
      defaultValue: DEFAULT_LIMIT,
    }),
  },
  output: channelListSchema,
  sampleData: { channels: listFixture.channels },
  async run(context) {
    const { types, exclude_archived } = context.propsValue;
    const chosen = (types ?? []).filter((type) =>
      (CHANNEL_TYPES as readonly string[]).includes(type),
    );
    const channels = await collect(
      listSlack<z.infer<typeof slackChannelSchema>>(context.http, {
        method: "conversations.list",
        query: {
          types: chosen.length > 0 ? chosen.join(",") : undefined,
          exclude_archived,
        },
        items: "channels",
        limit: context.propsValue.limit,
        pageSize: SLACK_PAGE_SIZE,
        signal: context.signal,
      }),
    );
    return { channels };
  },
});
