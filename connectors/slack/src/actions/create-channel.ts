import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import createFixture from "../__fixtures__/conversations-create.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { slackChannelSchema } from "../slack-schemas";

/** An answer with the conversation it acted on (conversations.create, .invite, .setTopic). */
export const channelResultSchema = z.looseObject({ ok: z.boolean(), channel: slackChannelSchema });

/** An answer with the conversation it acted on. */
export type SlackChannelResult = z.infer<typeof channelResultSchema>;

/** Creates a channel: POST /conversations.create with a JSON body. */
export const createChannel = createAction({
  name: "create_channel",
  displayName: "Create channel",
  description: "Creates a public or private channel; the app's bot becomes its first member.",
  auth: slackAuth,
  props: {
    name: Property.ShortText({
      displayName: "Name",
      description:
        "The channel's name: at most 80 lowercase letters, digits, hyphens and underscores, e.g. project-apollo.",
      required: true,
    }),
    is_private: Property.Checkbox({
      displayName: "Private",
      description: "Create a private channel instead of a public one.",
      defaultValue: false,
    }),
  },
  output: channelResultSchema,
  sampleData: createFixture as SlackChannelResult,
  async run(context) {
    const { name, is_private } = context.propsValue;
    return postSlackJson<SlackChannelResult>(
      context.http,
      "conversations.create",
      { name, is_private },
      { signal: context.signal },
    );
  },
});
