import { ConnectorAuth } from "@triggo/connector-sdk";
import { postSlackJson } from "./slack-http";

/**
 * The bot scopes the actions and triggers use (each method's reference page, "Scopes"), asked for
 * comma-separated as Slack's v2 OAuth flow wants them.
 */
export const SLACK_BOT_SCOPES = [
  "chat:write",
  "chat:write.public",
  "chat:write.customize",
  "channels:read",
  "groups:read",
  "im:read",
  "mpim:read",
  "channels:history",
  "groups:history",
  "channels:manage",
  "groups:write",
  "im:write",
  "reactions:read",
  "reactions:write",
  "users:read",
  "users:read.email",
  "files:write",
] as const;

/**
 * A Slack app's bot token, from Slack's v2 OAuth flow (`https://slack.com/oauth/v2/authorize`,
 * then `oauth.v2.access`) or pasted as an `xoxb-` token. With token rotation enabled, Slack's token
 * answer carries `refresh_token` and `expires_in`; the SDK refreshes the token through
 * `oauth.v2.access` when `init` is given `oauth2: { clientId, clientSecret }`. Sent as
 * `Authorization: Bearer <token>`, and checked with `auth.test`.
 */
export const slackAuth = ConnectorAuth.OAuth2({
  displayName: "Slack workspace",
  description:
    "Install the Slack app in a workspace (bot token). Its bot must be a member of private channels to read or post there.",
  authorizationUrl: "https://slack.com/oauth/v2/authorize",
  tokenUrl: "https://slack.com/api/oauth.v2.access",
  scopes: [...SLACK_BOT_SCOPES],
  scopeSeparator: ",",
  manualToken: {
    displayName: "Bot token",
    description: "xoxb-… from your Slack app's OAuth & Permissions page",
    env: "SLACK_BOT_TOKEN",
  },
  async validate({ http, signal }) {
    await postSlackJson(http, "auth.test", {}, { signal });
  },
});
