import { type DropdownState, type OptionsContext, Property } from "@triggo/connector-sdk";
import { collect } from "@triggo/shared";
import { listSlack } from "./slack-http";

/** conversations.list and users.list pages: Slack recommends at most 200 per page ("Pagination"). */
export const SLACK_PAGE_SIZE = 200;
/** The most channels or users a dropdown loads. */
const MAX_OPTIONS = 1000;

interface ChannelSummary {
  id: string;
  name?: string;
  is_private?: boolean;
}

interface UserSummary {
  id: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { real_name?: string; display_name?: string };
}

const NOT_CONNECTED: DropdownState<string> = {
  disabled: true,
  placeholder: "Connect a Slack workspace first.",
  options: [],
};

/** Keeps the options whose label contains what the user typed (Slack's lists have no search). */
function narrow(options: { label: string; value: string }[], searchValue: string | undefined) {
  const wanted = searchValue?.trim().toLowerCase();
  return wanted ? options.filter((option) => option.label.toLowerCase().includes(wanted)) : options;
}

async function loadChannels({
  auth,
  http,
  searchValue,
  signal,
}: OptionsContext): Promise<DropdownState<string>> {
  if (!auth) return NOT_CONNECTED;
  const channels = await collect(
    listSlack<ChannelSummary>(http, {
      method: "conversations.list",
      query: { types: "public_channel,private_channel", exclude_archived: true },
      items: "channels",
      limit: MAX_OPTIONS,
      pageSize: SLACK_PAGE_SIZE,
      signal,
    }),
  );
  const options = channels.map((channel) => ({
    label: `${channel.is_private ? "🔒" : "#"}${channel.name ?? channel.id}`,
    value: channel.id,
  }));
  return { options: narrow(options, searchValue) };
}

async function loadUsers({
  auth,
  http,
  searchValue,
  signal,
}: OptionsContext): Promise<DropdownState<string>> {
  if (!auth) return NOT_CONNECTED;
  const users = await collect(
    listSlack<UserSummary>(http, {
      method: "users.list",
      query: {},
      items: "members",
      limit: MAX_OPTIONS,
      pageSize: SLACK_PAGE_SIZE,
      signal,
    }),
  );
  const options = users
    .filter((user) => !user.deleted && !user.is_bot && user.id !== "USLACKBOT")
    .map((user) => {
      const fullName = user.profile?.real_name || user.real_name || user.name || user.id;
      return { label: user.name ? `${fullName} (@${user.name})` : fullName, value: user.id };
    });
  return { options: narrow(options, searchValue) };
}

const CHANNEL_DESCRIPTION =
  "The channel's ID (e.g. C123ABC456), chosen from the public and private channels the app can see. In Slack: open the channel's details; the ID is at the bottom.";

/** A required channel, loaded from conversations.list. */
export function channelProp(description = CHANNEL_DESCRIPTION) {
  return Property.Dropdown({
    displayName: "Channel",
    description,
    required: true,
    options: loadChannels,
  });
}

/** An optional channel (for filters), loaded from conversations.list. */
export function optionalChannelProp(description: string) {
  return Property.Dropdown({ displayName: "Channel", description, options: loadChannels });
}

/** A required workspace member, loaded from users.list (people only: no bots, no deactivated). */
export function userProp(description: string) {
  return Property.Dropdown({
    displayName: "User",
    description,
    required: true,
    options: loadUsers,
  });
}

/** Several workspace members, loaded from users.list. */
export function usersProp(description: string) {
  return Property.MultiSelectDropdown<string, true>({
    displayName: "Users",
    description,
    required: true,
    options: loadUsers,
  });
}

/** A message's `ts`, Slack's ID for a message within its channel. */
export function messageTsProp(displayName: string, description: string) {
  return Property.ShortText({ displayName, description, required: true });
}

/** Message text, in Slack's mrkdwn. */
export const textProp = Property.LongText({
  displayName: "Text",
  description:
    "The message in Slack's mrkdwn (*bold*, _italic_, <https://example.com|links>, <@U123ABC456> mentions). With blocks, it is the notification fallback.",
});

/** Block Kit blocks. */
export const blocksProp = Property.Json({
  displayName: "Blocks",
  description:
    'A JSON array of Block Kit blocks, e.g. [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}]. Give text too, as the notification fallback.',
});

/** Replies in a thread. */
export const threadTsProp = Property.ShortText({
  displayName: "Thread",
  description:
    "The ts of the thread's parent message (e.g. 1503435956.000247), to reply in its thread. Use the parent's ts, never a reply's.",
});
