// The application's delivery endpoints: register one (its signing secret shown this once), list
// them (never with their secret), delete one.
import { h, replace, when } from "./dom";
import { renderForm } from "./form-view";
import { formFields, issuesByField, type JsonSchema } from "./schema-form";
import type { DeliveryEndpoint, Items } from "./types";
import { copyField, deleteButton, errorText, fillCards, type PageContext, pageHeading } from "./ui";

const list = (title: string, description: string): JsonSchema => ({
  type: "array",
  items: { type: "string" },
  title,
  description,
});

/** The registration form; the filters are sent under `filters`. */
export const ENDPOINT_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    url: {
      type: "string",
      title: "URL",
      description: "Your application's route that receives the events: an absolute http(s) URL.",
    },
    triggerIds: list("Trigger ids", "Only these triggers' events. Empty: every trigger."),
    slugs: list("Trigger types", "Only these slugs, e.g. GITHUB_COMMIT_EVENT. Empty: every type."),
    userIds: list("User ids", "Only these users' events. Empty: every user."),
  },
  required: ["url"],
};

function filtersText(filters: DeliveryEndpoint["filters"]): string {
  const parts = [
    filters.triggerIds?.length ? `triggers ${filters.triggerIds.join(", ")}` : "",
    filters.slugs?.length ? `types ${filters.slugs.join(", ")}` : "",
    filters.userIds?.length ? `users ${filters.userIds.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? `Only ${parts.join("; ")}` : "Every event";
}

/** The secret of the endpoint just created, with its Copy button, until dismissed or left. */
function secretPanel(endpointId: string, secret: string, onDone: () => void): HTMLElement {
  const heading = h("h2", { tabindex: -1 }, `Signing secret of ${endpointId}`);
  const panel = h(
    "div",
    { class: "card secret-once", "data-secret-panel": true },
    heading,
    h(
      "p",
      {},
      "Shown this once: copy it into your application now. It verifies the webhook-signature header of each delivery (Standard Webhooks; verifyStandardWebhook in @triggo/shared). The runtime never shows it again.",
    ),
    copyField("Signing secret", secret),
    h("div", { class: "actions" }, h("button", { type: "button", onclick: onDone }, "Done")),
  );
  queueMicrotask(() => heading.focus());
  return panel;
}

export async function renderEndpoints(context: PageContext): Promise<void> {
  const cards = h("ul", { class: "cards", "aria-live": "polite" });
  const created = h("div");
  const refresh = async () => {
    await fillCards(
      cards,
      async () => (await context.api.get<Items<DeliveryEndpoint>>("/api/delivery-endpoints")).items,
      (endpoint) =>
        h(
          "li",
          { class: "card", "data-endpoint": endpoint.endpointId },
          h(
            "div",
            { class: "card-head" },
            h("h3", {}, endpoint.url),
            h("code", {}, endpoint.endpointId),
          ),
          h(
            "p",
            { class: "muted" },
            `${filtersText(endpoint.filters)} · created ${when(endpoint.createdAt)}`,
          ),
          h(
            "div",
            { class: "actions" },
            deleteButton(
              context,
              `Delete the endpoint ${endpoint.endpointId} and its pending deliveries?`,
              async () => {
                await context.api.delete(
                  `/api/delivery-endpoints/${encodeURIComponent(endpoint.endpointId)}`,
                );
                context.notify(`Deleted the endpoint ${endpoint.endpointId}.`);
                await refresh();
              },
            ),
          ),
        ),
      "No endpoints yet: events are stored, not delivered.",
    );
  };

  const fields = formFields(ENDPOINT_SCHEMA);
  let view = renderForm(fields);
  const form = h(
    "form",
    { class: "card", novalidate: true },
    h("h2", {}, "Register an endpoint"),
    view.element,
    h("button", { type: "submit" }, "Register endpoint"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const check = view.check();
    view.showErrors(check.errors);
    if (Object.keys(check.errors).length) return;
    const { url, ...filters } = check.value;
    try {
      const answer = await context.api.post<{ endpointId: string; secret: string }>(
        "/api/delivery-endpoints",
        { url: String(url).trim(), filters },
      );
      const fresh = renderForm(fields);
      view.element.replaceWith(fresh.element);
      view = fresh;
      replace(
        created,
        secretPanel(answer.endpointId, answer.secret, () => {
          created.replaceChildren();
          form.querySelector<HTMLElement>("input, textarea")?.focus();
        }),
      );
      context.notify(`Registered the endpoint ${answer.endpointId}.`);
      await refresh();
    } catch (error) {
      view.showErrors(
        issuesByField(
          (error as { body?: unknown }).body,
          fields.map((field) => field.name),
        ),
      );
      context.notify(errorText(error), "error");
    }
  });

  replace(
    context.main,
    pageHeading("Delivery endpoints"),
    h(
      "p",
      { class: "muted" },
      "Triggo POSTs every stored event that matches an endpoint's filters to it, signed with Standard Webhooks headers, retrying until it answers 2xx. The Events page shows each event's delivery attempts.",
    ),
    created,
    h("h2", {}, "Registered endpoints"),
    cards,
    form,
  );
  await refresh();
}
