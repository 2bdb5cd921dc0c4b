// A trigger's latest events with their payloads and delivery attempts; new ones arrive live.
import { h, replace, uid, when } from "./dom";
import { readEventStream } from "./event-stream";
import type { DeliveryAttempt, Items, RuntimeEvent, TriggerInstance } from "./types";
import { errorText, failureBox, loading, type PageContext, pageHeading, statusBadge } from "./ui";

const LIMIT = 20;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

function attemptsView(context: PageContext, event: RuntimeEvent): HTMLElement {
  const body = h("div", { "aria-live": "polite" }, loading());
  const load = async () => {
    replace(body, loading());
    try {
      const { items } = await context.api.get<Items<DeliveryAttempt>>("/api/delivery-attempts", {
        eventId: event.id,
      });
      replace(
        body,
        items.length
          ? h(
              "ul",
              {},
              items.map((attempt) =>
                h(
                  "li",
                  {},
                  `#${attempt.attempt} to ${attempt.endpointId}: `,
                  statusBadge(attempt.status),
                  attempt.statusCode ? ` HTTP ${attempt.statusCode}` : "",
                  ` in ${attempt.durationMs} ms, ${when(attempt.at)}`,
                  attempt.error ? h("span", { class: "error-text" }, ` · ${attempt.error}`) : null,
                ),
              ),
            )
          : h(
              "p",
              { class: "muted" },
              "No delivery attempts (no delivery endpoint matched, or none yet).",
            ),
      );
    } catch (error) {
      replace(body, failureBox(error));
    }
  };
  const details = h(
    "details",
    { class: "attempts" },
    h("summary", {}, "Delivery attempts"),
    body,
    h(
      "button",
      { type: "button", class: "secondary", onclick: () => void load() },
      "Refresh attempts",
    ),
  );
  details.addEventListener("toggle", () => {
    if (details.open) void load();
  });
  return details;
}

function eventView(context: PageContext, event: RuntimeEvent, fresh: boolean): HTMLElement {
  return h(
    "li",
    { class: fresh ? "card fresh" : "card", "data-event": event.id },
    h(
      "div",
      { class: "card-head" },
      h("h2", {}, h("code", {}, event.eventId)),
      h("span", { class: "muted" }, `received ${when(event.receivedAt)}`),
    ),
    h(
      "p",
      { class: "muted" },
      `${event.slug} · ${event.id}${event.deliveryId ? ` · delivery ${event.deliveryId}` : ""}${event.occurredAt ? ` · occurred ${when(event.occurredAt)}` : ""}`,
    ),
    h(
      "details",
      { class: "payload", open: fresh || undefined },
      h("summary", {}, "Payload"),
      h("pre", { tabindex: 0 }, JSON.stringify(event.payload, null, 2)),
    ),
    attemptsView(context, event),
  );
}

export async function renderEvents(context: PageContext): Promise<void> {
  const triggerId = context.query.get("triggerId") ?? "";
  const selectId = uid("trigger");
  const select = h("select", { id: selectId, name: "triggerId" });
  const live = h("p", { class: "live", role: "status" });
  const list = h("ul", { class: "cards" });
  replace(
    context.main,
    pageHeading("Events"),
    h(
      "form",
      {
        class: "inline-form",
        onsubmit: (event: Event) => {
          event.preventDefault();
          context.navigate(
            select.value ? `/events?triggerId=${encodeURIComponent(select.value)}` : "/events",
          );
        },
      },
      h("label", { for: selectId }, "Trigger"),
      select,
      h("button", { type: "submit" }, "Show events"),
    ),
    live,
    list,
  );

  const userId = context.userId.get();
  const { items: triggers } = await context.api.get<Items<TriggerInstance>>("/api/triggers", {
    showDisabled: "true",
    ...(userId && !triggerId ? { userId } : {}),
  });
  select.append(
    h("option", { value: "" }, triggers.length ? "Choose a trigger…" : "No triggers yet"),
    ...triggers.map((trigger) =>
      h(
        "option",
        { value: trigger.id, selected: trigger.id === triggerId },
        `${trigger.slug} · ${trigger.userId} · ${trigger.id}`,
      ),
    ),
  );
  if (!triggerId) {
    replace(list, h("li", { class: "muted" }, "Choose a trigger to see its events."));
    return;
  }

  const seen = new Set<string>();
  const add = (event: RuntimeEvent, fresh: boolean) => {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    list.querySelector(".empty")?.remove();
    const element = eventView(context, event, fresh);
    if (fresh) list.prepend(element);
    else list.append(element);
  };

  replace(list, loading());
  const { items } = await context.api.get<Items<RuntimeEvent>>("/api/events", {
    triggerId,
    limit: String(LIMIT),
  });
  list.replaceChildren();
  for (const event of items) add(event, false);
  if (!items.length)
    list.append(
      h("li", { class: "muted empty" }, "No events yet: they appear here as they arrive."),
    );

  // Live: the stream, reconnected with backoff until the page is left.
  void (async () => {
    let failures = 0;
    while (!context.signal.aborted) {
      try {
        const response = await context.api.stream(
          "/api/events/stream",
          { triggerId },
          context.signal,
        );
        live.textContent = "Live: new events appear here.";
        failures = 0;
        await readEventStream(response, (message) => {
          if (message.event !== "event") return;
          try {
            add(JSON.parse(message.data) as RuntimeEvent, true);
          } catch {
            // A message that is not an event is not shown.
          }
        });
      } catch (error) {
        if (context.signal.aborted) return;
        live.textContent = `Not live (${errorText(error)}); retrying…`;
      }
      if (context.signal.aborted) return;
      const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
      failures += 1;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
}
