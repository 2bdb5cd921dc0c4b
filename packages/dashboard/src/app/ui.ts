// Pieces every page uses: the page context, headings, notices, user picker, copyable values.
import type { Api } from "./api";
import { ApiError } from "./api";
import { h, replace, uid } from "./dom";
import type { ConnectedAccount, ConnectorDescription, Items } from "./types";

export interface PageContext {
  api: Api;
  main: HTMLElement;
  /** Aborted when the page is left: streams and late answers stop there. */
  signal: AbortSignal;
  query: URLSearchParams;
  /** Goes to another page; `notice` is shown there. */
  navigate(path: string, notice?: string): void;
  notify(text: string, kind?: "ok" | "error"): void;
  /** The user the pages show (kept for the session). */
  userId: { get(): string; set(value: string): void };
  /** The connector catalog, loaded once. */
  connectors(): Promise<ConnectorDescription[]>;
}

/** A readable message for any failure (never a secret: the API's messages are redacted). */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** The page's heading, focused when the page is entered (for keyboard and screen readers). */
export function pageHeading(text: string, ...rest: (Node | string)[]): HTMLElement {
  document.title = `${text} · Triggo`;
  return h("div", { class: "page-head" }, h("h1", { tabindex: -1 }, text), ...rest);
}

export function statusBadge(status: string): HTMLElement {
  return h("span", { class: `badge badge-${status}` }, status);
}

/** A paragraph that says what is loading, then what failed or nothing. */
export function loading(text = "Loading…"): HTMLElement {
  return h("p", { class: "muted", role: "status" }, text);
}

export function failureBox(error: unknown): HTMLElement {
  return h("p", { class: "error-box", role: "alert" }, errorText(error));
}

/**
 * Fills a list of cards: "Loading…", then one card per item (the `empty` text when there are
 * none), or the failure.
 */
export async function fillCards<T>(
  list: HTMLElement,
  load: () => Promise<T[]>,
  card: (item: T) => HTMLElement,
  empty: string,
): Promise<void> {
  replace(list, loading());
  try {
    const items = await load();
    replace(list, items.length ? items.map(card) : h("li", { class: "muted" }, empty));
  } catch (error) {
    replace(list, h("li", {}, failureBox(error)));
  }
}

/** A read-only value with a Copy button (the webhook URL to give the provider). */
export function copyField(label: string, value: string): HTMLElement {
  const id = uid("copy");
  const input = h("input", { id, type: "text", readonly: true, value, class: "mono copy-value" });
  const status = h("span", { class: "muted", role: "status" });
  const button = h(
    "button",
    {
      type: "button",
      class: "secondary",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(value);
          status.textContent = "Copied.";
        } catch {
          input.select();
          status.textContent = "Selected: press Ctrl+C to copy.";
        }
      },
    },
    "Copy",
  );
  return h(
    "div",
    { class: "copy-field" },
    h("label", { for: id }, label),
    h("div", { class: "copy-row" }, input, button, status),
  );
}

/**
 * "User id" with the users that have accounts as suggestions; submitting (Enter) picks the user.
 */
export function userPicker(context: PageContext, onPick: (userId: string) => void): HTMLElement {
  const id = uid("user");
  const listId = `${id}-users`;
  const input = h("input", {
    id,
    name: "userId",
    type: "text",
    list: listId,
    value: context.userId.get(),
    autocomplete: "off",
    placeholder: "e.g. user-1",
  });
  const datalist = h("datalist", { id: listId });
  context.api.get<Items<ConnectedAccount>>("/api/connected-accounts").then(
    (answer) => {
      const users = [...new Set(answer.items.map((account) => account.userId))].sort();
      datalist.replaceChildren(...users.map((user) => h("option", { value: user })));
    },
    () => undefined,
  );
  return h(
    "form",
    {
      class: "inline-form",
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const value = input.value.trim();
        context.userId.set(value);
        onPick(value);
      },
    },
    h("label", { for: id }, "User id"),
    input,
    datalist,
    h("button", { type: "submit" }, "Show"),
  );
}

/** A button that disables itself while its action runs, and reports failures. */
export function actionButton(
  context: PageContext,
  label: string,
  action: () => Promise<void>,
  className = "secondary",
): HTMLButtonElement {
  const button = h("button", { type: "button", class: className }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      context.notify(errorText(error), "error");
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/**
 * "Delete", then an inline "<question> Yes / No" in its place (no dialog): focus goes to No, Escape
 * is No, and focus comes back to Delete. Yes runs `action`; a failure is reported.
 */
export function deleteButton(
  context: PageContext,
  question: string,
  action: () => Promise<void>,
): HTMLElement {
  const remove = h("button", { type: "button", class: "danger" }, "Delete");
  const yes = h("button", { type: "button", class: "danger" }, "Yes");
  const no = h("button", { type: "button", class: "secondary" }, "No");
  const ask = h(
    "span",
    { class: "confirm", role: "group", "aria-label": question },
    h("span", {}, question),
    yes,
    no,
  );
  const slot = h("span", { class: "confirm-slot" }, remove);
  const close = () => {
    slot.replaceChildren(remove);
    remove.focus();
  };
  remove.addEventListener("click", () => {
    slot.replaceChildren(ask);
    no.focus();
  });
  no.addEventListener("click", close);
  ask.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close();
  });
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    no.disabled = true;
    try {
      await action();
    } catch (error) {
      context.notify(errorText(error), "error");
      close();
    } finally {
      yes.disabled = false;
      no.disabled = false;
    }
  });
  return slot;
}

/** A connector's display name, or its name. */
export function connectorLabel(connectors: ConnectorDescription[], name: string): string {
  return connectors.find((connector) => connector.name === name)?.displayName ?? name;
}
