import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import reactionsAddFixture from "../__fixtures__/reactions-add.json";
import { slackAuth } from "../slack-auth";
import { postSlackJson } from "../slack-http";
import { channelProp, messageTsProp } from "../slack-props";
import { emojiName } from "../slack-schemas";

const reactionSchema = z.looseObject({ ok: z.boolean() });

/** Adds an emoji reaction as the app's bot: POST /reactions.add with a JSON body. */
export const addReaction = createAction({
  name: "add_reaction",
  displayName: "Add reaction",
  description: "Adds an emoji reaction to a message.",
  auth: slackAuth,
  props: {
    channel: channelProp("The channel the message is in."),
    timestamp: messageTsProp("Message", "The message's ts (e.g. 1503435956.000247)."),
    name: Property.ShortText({
      displayName: "Emoji",
      description: "The emoji's name, with or without colons: thumbsup or :thumbsup:.",
      required: true,
    }),
  },
  output: reactionSchema,
  sampleData: reactionsAddFixture as { ok: boolean },
  async run(context) {
    const { channel, timestamp, name } = context.propsValue;
    return postSlackJson<{ ok: boolean }>(
      context.http,
      "reactions.add",
      { channel, timestamp, name: emojiName(name) },
      { signal: context.signal },
    );
  },
});
