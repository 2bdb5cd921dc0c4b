import { randomBytes } from "node:crypto";
import {
  ConnectorError,
  type DeliverySigner,
  type Store,
  type WebhookRequest,
  type WebhookResponse,
} from "@triggo/connector-sdk";
import { type HttpClient, signGitHubWebhook, verifyGitHubWebhook } from "@triggo/shared";
import { collectPages, repoPath } from "./github-http";

/** Store keys: the repository webhook's id and the secret it signs deliveries with. */
const HOOK_ID_KEY = "hookId";
const SIGNING_SECRET_KEY = "signingSecret";

/** What the webhook hooks need of a trigger's context. */
interface RepositoryTriggerContext {
  propsValue: { owner: string; repo: string };
  http: HttpClient;
  store: Store;
  webhookUrl: string;
  signal: AbortSignal;
  trigger: { name: string };
}

interface RepositoryWebhookContext extends RepositoryTriggerContext {
  request: WebhookRequest;
}

/** GitHub allows 20 webhooks per event on a repository; one page covers them. */
const HOOK_LOOKUP_LIMIT = 100;

interface RepositoryHook {
  id: number;
  config?: { url?: string };
}

/**
 * The id of the repository webhook that already delivers to this trigger's URL: left by an enable
 * that was repeated, or whose answer was lost. GitHub refuses a second one with the same config
 * and overlapping events (422 "Hook already exists on this repository").
 */
async function existingHookId(context: RepositoryTriggerContext): Promise<number | undefined> {
  const { owner, repo } = context.propsValue;
  const hooks = await collectPages<RepositoryHook>(
    context.http,
    { path: repoPath(owner, repo, "hooks"), signal: context.signal },
    { limit: HOOK_LOOKUP_LIMIT },
  );
  return hooks.find((hook) => hook.config?.url === context.webhookUrl)?.id;
}

/** The event a delivery carries, from its `X-GitHub-Event` header. */
export function gitHubEventName(request: WebhookRequest): string | undefined {
  return request.headers["x-github-event"];
}

/** The `action` of a delivery's payload (`opened`, `created`...), if it has one. */
export function gitHubAction(request: WebhookRequest): string | undefined {
  const action = (request.body as { action?: unknown } | undefined)?.action;
  return typeof action === "string" ? action : undefined;
}

interface HookSettings {
  active: boolean;
  events: readonly string[];
  config: Record<string, string>;
}

/**
 * Creates the repository webhook; when GitHub refuses it (422) because one already delivers to
 * this URL, updates that one instead. Returns the webhook's id.
 */
async function createOrTakeOverHook(
  context: RepositoryTriggerContext,
  settings: HookSettings,
): Promise<number> {
  const { owner, repo } = context.propsValue;
  const options = { signal: context.signal };
  try {
    const created = await context.http.post<RepositoryHook>(
      repoPath(owner, repo, "hooks"),
      { json: { name: "web", ...settings } },
      options,
    );
    return created.body.id;
  } catch (error) {
    const existing =
      ConnectorError.is(error) && error.status === 422 ? await existingHookId(context) : undefined;
    if (existing === undefined) throw error;
    await context.http.patch(repoPath(owner, repo, "hooks", existing), { json: settings }, options);
    return existing;
  }
}

/**
 * The hooks every repository-webhook trigger shares (Webhooks: Creating webhooks; Validating
 * webhook deliveries; Best practices for using webhooks):
 *
 * - `onEnable` creates a repository webhook, POST /repos/{owner}/{repo}/hooks, for the given
 *   events only, delivering JSON to the trigger's URL with SSL verification and a random 32-byte
 *   secret of its own; it keeps the hook's id and the secret. When GitHub refuses it (422) because
 *   a webhook already delivers to that URL (a repeated enable), that one is found
 *   (GET .../hooks) and updated with the new secret and events (PATCH .../hooks/{hook_id}).
 * - `onDisable` deletes it, DELETE /repos/{owner}/{repo}/hooks/{hook_id}; a 404 means it is
 *   already gone.
 * - `verify` checks `X-Hub-Signature-256` (HMAC-SHA256 of the raw body) with that secret. GitHub
 *   signs no timestamp, so a replay cannot be told by its age: the runtime drops repeats by
 *   `deliveryId`, the `X-GitHub-Delivery` GUID (kept on redeliveries).
 * - `handshake` answers the `ping` GitHub sends when the hook is created with 200 and no events.
 */
export function repositoryWebhook(events: readonly string[]) {
  return {
    async onEnable(context: RepositoryTriggerContext) {
      const signingSecret = randomBytes(32).toString("hex");
      const hookId = await createOrTakeOverHook(context, {
        active: true,
        events,
        config: {
          url: context.webhookUrl,
          content_type: "json",
          secret: signingSecret,
          insecure_ssl: "0",
        },
      });
      return { [HOOK_ID_KEY]: hookId, [SIGNING_SECRET_KEY]: signingSecret };
    },

    async onDisable(context: RepositoryTriggerContext) {
      const hookId = await context.store.get<number>(HOOK_ID_KEY);
      if (hookId !== undefined) {
        const { owner, repo } = context.propsValue;
        try {
          await context.http.delete(repoPath(owner, repo, "hooks", hookId), {
            signal: context.signal,
          });
        } catch (error) {
          // Deleted by hand, or with its repository: nothing is left to remove.
          if (!ConnectorError.is(error) || error.code !== "NOT_FOUND") throw error;
        }
      }
      await context.store.delete(HOOK_ID_KEY);
      await context.store.delete(SIGNING_SECRET_KEY);
    },

    async verify(context: RepositoryWebhookContext) {
      const secret = await context.store.get<string>(SIGNING_SECRET_KEY);
      if (!secret) {
        throw new ConnectorError(
          "CONFIGURATION",
          `${context.trigger.name} has no signing secret: enable the trigger so that it creates its repository webhook.`,
        );
      }
      verifyGitHubWebhook({
        secret,
        body: context.request.rawBody,
        headers: context.request.headers,
      });
    },

    handshake(context: RepositoryWebhookContext): WebhookResponse | undefined {
      return gitHubEventName(context.request) === "ping" ? { status: 200 } : undefined;
    },

    deliveryId(request: WebhookRequest): string | undefined {
      return request.headers["x-github-delivery"] || undefined;
    },

    signDelivery: (({ rawBody, secret }) =>
      signGitHubWebhook({ secret, body: rawBody })) satisfies DeliverySigner,
  };
}
