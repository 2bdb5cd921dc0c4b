import {
  type AppWebhookDefinition,
  ConnectorError,
  type PropsDefinition,
  type Store,
  type TriggerContext,
  type TriggerEvent,
  type WebhookRequest,
} from "@triggo/connector-sdk";
import { signSlackWebhook, verifySlackWebhook } from "@triggo/shared";
import type { slackAuth } from "./slack-auth";
import { getSlack, postSlackJson } from "./slack-http";

/** The app setting that holds the signing secret (Basic Information > App Credentials). */
export const SIGNING_SECRET_KEY = "signingSecret";

/** The Events API envelope ("Events API" > Callback field): one event and where it happened. */
export interface SlackEventEnvelope<Event = Record<string, unknown>> {
  type: "event_callback";
  token?: string;
  team_id: string;
  api_app_id?: string;
  context_team_id?: string;
  event: Event;
  event_id: string;
  event_time: number;
  authorizations?: { team_id?: string | null; user_id?: string; is_bot?: boolean }[];
}

/** The envelope of an `event_callback` delivery, or undefined for anything else. */
export function envelopeOf(request: WebhookRequest): SlackEventEnvelope | undefined {
  const body = request.body as Partial<SlackEventEnvelope> | undefined;
  if (body?.type !== "event_callback" || typeof body.event !== "object" || body.event === null) {
    return undefined;
  }
  return body as SlackEventEnvelope;
}

/**
 * Slack's Events API endpoint, shared by every app-level trigger: one Request URL per app.
 * - verify: the `v0` signature ("Verifying requests from Slack"): HMAC-SHA256 of
 *   `v0:{X-Slack-Request-Timestamp}:{raw body}` with the signing secret, in `X-Slack-Signature`,
 *   and the timestamp within 5 minutes of now.
 * - handshake: the `url_verification` request Slack sends when the Request URL is saved is
 *   answered with its `challenge`.
 * - routingKeys: the workspaces the event concerns (see `workspaceIdsOf`): only the instances of
 *   those workspaces are offered it.
 * - revokes: `app_uninstalled`, and `tokens_revoked` naming bot tokens, mean the workspace's
 *   accounts no longer work (the envelope's `team_id` names it; user tokens are not ours).
 * - deliveryId: the envelope's `event_id`. Slack retries a delivery it got no 2xx for within 3
 *   seconds (up to 3 times, with `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`), always with
 *   the same `event_id`, so the runtime drops the repeats.
 */
export const slackAppWebhook: AppWebhookDefinition = {
  appConfigKeys: [SIGNING_SECRET_KEY],
  verify({ request, appConfig }) {
    const secret = appConfig[SIGNING_SECRET_KEY];
    if (!secret) {
      throw new ConnectorError(
        "CONFIGURATION",
        "Slack events need the app's signing secret (Basic Information > App Credentials) as the signingSecret app setting.",
      );
    }
    verifySlackWebhook({ secret, body: request.rawBody, headers: request.headers });
  },
  handshake({ request }) {
    const body = request.body as { type?: unknown; challenge?: unknown } | undefined;
    if (body?.type !== "url_verification" || typeof body.challenge !== "string") return undefined;
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: { challenge: body.challenge },
    };
  },
  deliveryId(request) {
    const eventId = (request.body as { event_id?: unknown } | undefined)?.event_id;
    return typeof eventId === "string" && eventId !== "" ? eventId : undefined;
  },
  routingKeys(request) {
    const envelope = envelopeOf(request);
    return envelope ? workspaceIdsOf(envelope) : [];
  },
  revokes(request) {
    const envelope = envelopeOf(request);
    if (!envelope?.team_id) return undefined;
    const event = envelope.event as { type?: unknown; tokens?: { bot?: unknown } };
    if (event.type === "app_uninstalled") {
      return {
        routingKeys: [envelope.team_id],
        reason: `The Slack app was uninstalled from workspace ${envelope.team_id}: install it again and reconnect the account.`,
      };
    }
    // Only the bot token is the account's; revoked user tokens (tokens.oauth) are not.
    const bots = event.tokens?.bot;
    if (event.type === "tokens_revoked" && Array.isArray(bots) && bots.length > 0) {
      return {
        routingKeys: [envelope.team_id],
        reason: `Workspace ${envelope.team_id} revoked the Slack app's bot token: reconnect the account.`,
      };
    }
    return undefined;
  },
  signDelivery: ({ rawBody, secret, timestamp }) =>
    signSlackWebhook({ secret, body: rawBody, ...(timestamp === undefined ? {} : { timestamp }) }),
};

interface AuthTest {
  ok: true;
  team_id: string;
  user_id?: string;
  bot_id?: string;
}

/** A Slack trigger's context, whatever its props. */
type SlackTriggerContext<P extends PropsDefinition> = TriggerContext<typeof slackAuth, P>;

/**
 * What every app-level trigger does on enable: nothing is registered (the app's event
 * subscriptions are set in its settings), but auth.test checks the token and tells which
 * workspace this instance belongs to, so deliveries for other workspaces are not matched.
 */
export async function rememberWorkspace<P extends PropsDefinition>(
  context: SlackTriggerContext<P>,
) {
  const identity = await postSlackJson<AuthTest>(
    context.http,
    "auth.test",
    {},
    {
      signal: context.signal,
    },
  );
  return { teamId: identity.team_id, ...(identity.user_id ? { botUserId: identity.user_id } : {}) };
}

interface ConversationInfo {
  ok: true;
  channel: { id: string; name?: string; is_member?: boolean };
}

/**
 * Like `rememberWorkspace`, and when the instance watches one channel, checks with
 * GET /conversations.info that the bot is a member: Slack only sends a bot the events of the
 * channels it is in, so the trigger would otherwise never fire.
 */
export async function rememberWorkspaceAndCheckChannel<P extends PropsDefinition>(
  context: SlackTriggerContext<P>,
  channel: string | undefined,
) {
  const kept = await rememberWorkspace(context);
  if (!channel) return kept;
  const info = await getSlack<ConversationInfo>(
    context.http,
    "conversations.info",
    { channel },
    { signal: context.signal },
  );
  if (info.channel.is_member === false) {
    throw new ConnectorError(
      "FORBIDDEN",
      `The app's bot is not a member of #${info.channel.name ?? channel}: invite it (/invite @your-app), or Slack sends it no events from there.`,
      { providerCode: "not_in_channel" },
    );
  }
  return kept;
}

/** Forgets what `rememberWorkspace` kept. */
export async function forgetWorkspace<P extends PropsDefinition>(context: SlackTriggerContext<P>) {
  await context.store.delete("teamId");
  await context.store.delete("botUserId");
}

/**
 * The workspaces an event concerns: the envelope's `team_id`, the `context_team_id` of a shared
 * channel's event, and the team of each installation it is delivered for (`authorizations`).
 */
export function workspaceIdsOf(envelope: SlackEventEnvelope): string[] {
  const ids = [
    envelope.team_id,
    envelope.context_team_id,
    ...(envelope.authorizations ?? []).map((authorization) => authorization.team_id),
  ];
  return [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
}

/** An app-level trigger instance's routing key: the workspace `onEnable` remembered. */
export const workspaceRoutingKey = (store: Store) => store.get<string>("teamId");

/** Whether a delivery comes from this instance's workspace. */
export async function fromOwnWorkspace<P extends PropsDefinition>(
  context: SlackTriggerContext<P>,
  envelope: SlackEventEnvelope,
): Promise<boolean> {
  const teamId = await context.store.get<string>("teamId");
  return teamId !== undefined && workspaceIdsOf(envelope).includes(teamId);
}

/** One event named by the envelope's `event_id`, at the envelope's `event_time`. */
export function eventOf<Payload>(
  envelope: SlackEventEnvelope,
  payload: Payload,
): TriggerEvent<Payload> {
  return {
    id: envelope.event_id,
    payload,
    occurredAt: new Date(envelope.event_time * 1000).toISOString(),
  };
}

/** Message subtypes that are new messages; the others are edits, deletions or channel notices. */
const NEW_MESSAGE_SUBTYPES = new Set([
  "bot_message",
  "file_share",
  "me_message",
  "thread_broadcast",
]);

/** A message as events and conversations.history carry it (the fields the filters read). */
export interface MessageFields {
  subtype?: string | null;
  bot_id?: string | null;
}

/** True for a newly posted message: no subtype, or one of the subtypes that post a message. */
export function isNewMessage(message: MessageFields): boolean {
  return !message.subtype || NEW_MESSAGE_SUBTYPES.has(message.subtype);
}

/** True for a message posted by an app or bot (a `bot_id`, or the legacy `bot_message` subtype). */
export function isBotMessage(message: MessageFields): boolean {
  return Boolean(message.bot_id) || message.subtype === "bot_message";
}
