// The connector catalog: every connector with its actions and triggers, filtered as you type.
import { h, replace, uid } from "./dom";
import type { ConnectorDescription, OperationDescription } from "./types";
import { loading, type PageContext, pageHeading } from "./ui";

const AUTH_LABELS: Record<string, string> = {
  NONE: "No authentication",
  SECRET_TEXT: "API key or token",
  CUSTOM: "Custom fields",
  OAUTH2: "OAuth2",
};

/** Whether a connector matches every word of the filter (names, descriptions, operations). */
export function connectorMatches(connector: ConnectorDescription, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [
    connector.name,
    connector.displayName,
    connector.description,
    ...[...connector.actions, ...connector.triggers].flatMap((operation) => [
      operation.name,
      operation.displayName,
      operation.description,
      operation.slug ?? "",
    ]),
  ]
    .join(" ")
    .toLowerCase();
  return words.every((word) => text.includes(word));
}

function operations(title: string, items: OperationDescription[], triggers: boolean) {
  return h(
    "details",
    { class: "operations" },
    h("summary", {}, `${title} (${items.length})`),
    items.length
      ? h(
          "ul",
          {},
          items.map((item) =>
            h(
              "li",
              {},
              h("strong", {}, item.displayName),
              " ",
              h("code", {}, triggers ? (item.slug ?? item.name) : item.name),
              item.type
                ? h("span", { class: "muted" }, ` · ${String(item.type).toLowerCase()}`)
                : null,
              h("br"),
              h("span", { class: "muted" }, item.description),
            ),
          ),
        )
      : h("p", { class: "muted" }, "None."),
  );
}

export async function renderConnectors(context: PageContext): Promise<void> {
  const searchId = uid("search");
  const search = h("input", {
    id: searchId,
    type: "search",
    name: "q",
    autocomplete: "off",
    placeholder: "slack, commit, issue…",
  });
  const count = h("p", { class: "muted", role: "status", "aria-live": "polite" });
  const list = h("ul", { class: "cards" });
  replace(
    context.main,
    pageHeading("Connectors"),
    h(
      "form",
      { class: "inline-form", role: "search", onsubmit: (event: Event) => event.preventDefault() },
      h("label", { for: searchId }, "Filter connectors"),
      search,
    ),
    count,
    list,
  );
  list.append(loading());
  const connectors = await context.connectors();
  const items = connectors.map((connector) => ({
    connector,
    element: h(
      "li",
      { class: "card" },
      h(
        "div",
        { class: "card-head" },
        h("h2", {}, connector.displayName),
        h("code", {}, connector.name),
        connector.version ? h("span", { class: "muted" }, `v${connector.version}`) : null,
      ),
      connector.description ? h("p", {}, connector.description) : null,
      h(
        "p",
        { class: "muted" },
        `Auth: ${AUTH_LABELS[connector.auth.type] ?? connector.auth.type}`,
        connector.auth.manualToken ? " (or a pasted token)" : "",
      ),
      operations("Actions", connector.actions, false),
      operations("Triggers", connector.triggers, true),
    ),
  }));
  const apply = () => {
    const shown = items.filter((item) => connectorMatches(item.connector, search.value));
    list.replaceChildren(...shown.map((item) => item.element));
    count.textContent = `${shown.length} of ${items.length} connector${items.length === 1 ? "" : "s"}`;
  };
  search.addEventListener("input", apply);
  apply();
}
