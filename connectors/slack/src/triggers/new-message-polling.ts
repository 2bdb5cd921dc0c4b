import { createTrigger, Property, TRIGGER_TYPES } from "@triggo/connector-sdk";
import { collect } from "@triggo/shared";
import { z } from "zod";
import historyFixture from "../__fixtures__/conversations-history.json";
import { slackAuth } from "../slack-auth";
import { isBotMessage, isNewMessage } from "../slack-events";
import { listSlack, slackTsToMilliseconds, toSlackTimestamp } from "../slack-http";
import { channelProp } from "../slack-props";
import { slackMessageSchema } from "../slack-schemas";

/** The newest messages read when enabling: they are only recorded, never emitted. */
const FIRST_PAGE_SIZE = 100;
/** Per poll: pages of 200, at most this many messages since the last one seen. */
const PAGE_SIZE = 200;
const MAX_PER_POLL = 1000;

const polledMessageSchema = slackMessageSchema.extend({ ts: z.string() });

/** A message as conversations.history lists it. */
export type SlackPolledMessage = z.infer<typeof polledMessageSchema>;

/**
 * Polls GET /conversations.history for messages newer than the last one seen: `oldest` is that
 * message's time, and every page (cursor) up to 1000 messages is read.
 *
 * Dedupe is by timestamp, with the `ts` (`1512085950.000216`, unique within a channel) as the id
 * and as epoch milliseconds that keep the microseconds as a fraction, so no precision is lost:
 * the high-water mark moves to the newest message and a message at exactly that mark is known by
 * its id. `oldest` is the mark cut to the millisecond, so the newest seen message comes back and
 * is dropped by the dedupe rather than risking a skipped one.
 */
export const newMessagePolling = createTrigger({
  name: "new_message_polling",
  displayName: "New message (polling)",
  description:
    "Checks a channel for new messages every few minutes, for setups that cannot receive Slack's events. Thread replies are not included.",
  type: TRIGGER_TYPES.POLLING,
  auth: slackAuth,
  props: {
    channel: channelProp(
      "The channel to watch; the app's bot must be a member of a private channel.",
    ),
    ignore_bots: Property.Checkbox({
      displayName: "Ignore bots",
      description: "Skip messages posted by apps and bots, this app's own included.",
      defaultValue: true,
    }),
  },
  payload: polledMessageSchema,
  sampleData: historyFixture.messages[0]!,
  poll: {
    dedupe: "timestamp",
    async items(context, cursor) {
      // Without a mark (an empty channel so far), what came after the last poll is new.
      const since = cursor.since ?? (cursor.isFirstPoll ? undefined : cursor.lastPolledAt);
      const messages = await collect(
        listSlack<SlackPolledMessage>(context.http, {
          method: "conversations.history",
          query: { channel: context.propsValue.channel, oldest: since && toSlackTimestamp(since) },
          items: "messages",
          limit: since ? MAX_PER_POLL : FIRST_PAGE_SIZE,
          pageSize: since ? PAGE_SIZE : FIRST_PAGE_SIZE,
          signal: context.signal,
        }),
      );
      const ignoreBots = context.propsValue.ignore_bots !== false;
      return messages
        .filter((message) => isNewMessage(message) && !(ignoreBots && isBotMessage(message)))
        .map((message) => ({
          id: message.ts,
          timestamp: slackTsToMilliseconds(message.ts),
          payload: message,
        }));
    },
  },
});
