// A user's triggers with their status: enable, disable, delete, the webhook URL, their events.
import { h, replace, when } from "./dom";
import type { Items, TriggerInstance } from "./types";
import {
  actionButton,
  copyField,
  deleteButton,
  fillCards,
  type PageContext,
  pageHeading,
  statusBadge,
  userPicker,
} from "./ui";

/** Where the provider delivers: the runtime's answer, else this origin's /webhooks/{id}. */
export function webhookUrlOf(trigger: TriggerInstance, origin: string): string {
  return trigger.webhookUrl || `${origin}/webhooks/${encodeURIComponent(trigger.id)}`;
}

export async function renderTriggers(context: PageContext): Promise<void> {
  const list = h("ul", { class: "cards", "aria-live": "polite" });
  const refresh = async () => {
    const userId = context.userId.get();
    if (!userId) {
      replace(list, h("li", { class: "muted" }, "Enter a user id to see their triggers."));
      return;
    }
    const path = (trigger: TriggerInstance, action = "") =>
      `/api/triggers/${encodeURIComponent(trigger.id)}${action}`;
    await fillCards(
      list,
      async () =>
        (
          await context.api.get<Items<TriggerInstance>>("/api/triggers", {
            userId,
            showDisabled: "true",
          })
        ).items,
      (trigger) =>
        h(
          "li",
          { class: "card", "data-trigger": trigger.id },
          h(
            "div",
            { class: "card-head" },
            h("h2", {}, trigger.slug),
            statusBadge(trigger.status),
            h("code", {}, trigger.id),
          ),
          trigger.disabledReason ? h("p", {}, `Disabled: ${trigger.disabledReason}`) : null,
          h(
            "p",
            { class: "muted" },
            `Account ${trigger.connectedAccountId} · created ${when(trigger.createdAt)}`,
          ),
          h("pre", { class: "config" }, JSON.stringify(trigger.triggerConfig, null, 2)),
          copyField("Webhook URL", webhookUrlOf(trigger, location.origin)),
          h(
            "div",
            { class: "actions" },
            h(
              "a",
              {
                href: `/events?triggerId=${encodeURIComponent(trigger.id)}`,
                "data-link": true,
                class: "button-link",
              },
              "Events",
            ),
            trigger.status === "enabled"
              ? actionButton(context, "Disable", async () => {
                  await context.api.post(path(trigger, "/disable"), {});
                  context.notify(`Disabled ${trigger.id}.`);
                  await refresh();
                })
              : actionButton(context, "Enable", async () => {
                  await context.api.post(path(trigger, "/enable"), {});
                  context.notify(`Enabled ${trigger.id}.`);
                  await refresh();
                }),
            deleteButton(context, `Delete the trigger ${trigger.id}?`, async () => {
              await context.api.delete(path(trigger));
              context.notify(`Deleted ${trigger.id}.`);
              await refresh();
            }),
          ),
        ),
      `No triggers for ${userId}.`,
    );
  };
  replace(
    context.main,
    pageHeading(
      "Triggers",
      h(
        "a",
        { href: "/triggers/new", "data-link": true, class: "button-link primary" },
        "Create trigger",
      ),
    ),
    userPicker(context, () => void refresh()),
    list,
  );
  await refresh();
}
