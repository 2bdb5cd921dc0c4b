// The dashboard's entry point: the API key, the navigation, history routing between the pages.
import { dashboardPage } from "../dashboard-pages";
import { ApiError, createApi } from "./api";
import { h, replace, uid } from "./dom";
import { renderAccounts } from "./page-accounts";
import { renderConnectors } from "./page-connectors";
import { renderEndpoints } from "./page-endpoints";
import { renderEvents } from "./page-events";
import { renderTriggerCreate } from "./page-trigger-create";
import { renderTriggers } from "./page-triggers";
import type { ConnectorDescription, Items, TriggerType } from "./types";
import { errorText, type PageContext } from "./ui";

const KEY_STORAGE = "triggo.apiKey";
const USER_STORAGE = "triggo.userId";

const PAGES: Record<string, { title: string; render: (context: PageContext) => Promise<void> }> = {
  "/": { title: "Connectors", render: renderConnectors },
  "/connectors": { title: "Connectors", render: renderConnectors },
  "/accounts": { title: "Accounts", render: renderAccounts },
  "/triggers": { title: "Triggers", render: renderTriggers },
  "/triggers/new": { title: "Triggers", render: renderTriggerCreate },
  "/events": { title: "Events", render: renderEvents },
  "/endpoints": { title: "Endpoints", render: renderEndpoints },
};
const NAVIGATION = [
  ["/connectors", "Connectors"],
  ["/accounts", "Accounts"],
  ["/triggers", "Triggers"],
  ["/events", "Events"],
  ["/endpoints", "Endpoints"],
] as const;

const storage = {
  get: (name: string) => {
    try {
      return sessionStorage.getItem(name) ?? "";
    } catch {
      return "";
    }
  },
  set: (name: string, value: string) => {
    try {
      if (value) sessionStorage.setItem(name, value);
      else sessionStorage.removeItem(name);
    } catch {
      // Storage refused (private mode): the value lasts until the page is left.
    }
  },
};

/** Until the runtime lists connectors, the catalog is rebuilt from its trigger types. */
async function loadConnectors(api: ReturnType<typeof createApi>): Promise<ConnectorDescription[]> {
  try {
    return (await api.get<Items<ConnectorDescription>>("/api/connectors")).items;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    const types = (await api.get<Items<TriggerType>>("/api/trigger-types")).items;
    const byName = new Map<string, ConnectorDescription>();
    for (const type of types) {
      const connector = byName.get(type.toolkit) ?? {
        name: type.toolkit,
        displayName: type.toolkit,
        description: "",
        version: "",
        auth: { type: "SECRET_TEXT" as const },
        actions: [],
        triggers: [],
      };
      connector.triggers.push({
        name: type.slug,
        slug: type.slug,
        displayName: type.name,
        description: type.description,
      });
      byName.set(type.toolkit, connector);
    }
    return [...byName.values()];
  }
}

function start(): void {
  const main = document.getElementById("main")!;
  const nav = document.getElementById("nav")!;
  const notice = document.getElementById("notice")!;
  let apiKey = storage.get(KEY_STORAGE);
  let leave: AbortController | undefined;
  let connectors: Promise<ConnectorDescription[]> | undefined;
  let pendingNotice: string | undefined;

  const notify = (text: string, kind: "ok" | "error" = "ok") => {
    replace(
      notice,
      text
        ? h(
            "p",
            {
              class: kind === "error" ? "error-box" : "ok-box",
              role: kind === "error" ? "alert" : "status",
            },
            text,
          )
        : null,
    );
  };
  const forget = () => {
    apiKey = "";
    storage.set(KEY_STORAGE, "");
    connectors = undefined;
    render();
  };
  const api = createApi(
    () => apiKey || undefined,
    () => {
      if (apiKey) {
        forget();
        notify("The runtime refused the API key: enter it again.", "error");
      }
    },
  );

  const navigate = (path: string, text?: string) => {
    history.pushState(null, "", path);
    pendingNotice = text;
    render(true);
  };

  const renderNavigation = (path: string) => {
    const current =
      path === "/" ? "/connectors" : path.startsWith("/triggers") ? "/triggers" : path;
    replace(
      nav,
      apiKey
        ? [
            h(
              "ul",
              {},
              NAVIGATION.map(([href, label]) =>
                h(
                  "li",
                  {},
                  h(
                    "a",
                    {
                      href,
                      "data-link": true,
                      "aria-current": href === current ? "page" : undefined,
                    },
                    label,
                  ),
                ),
              ),
            ),
            h(
              "button",
              { type: "button", class: "link-button", onclick: forget },
              "Forget API key",
            ),
          ]
        : null,
    );
  };

  const renderLogin = () => {
    document.title = "Sign in · Triggo";
    const id = uid("api-key");
    const input = h("input", {
      id,
      name: "apiKey",
      type: "password",
      autocomplete: "off",
      spellcheck: "false",
      "aria-describedby": `${id}-help`,
      required: true,
    });
    const message = h("p", { class: "field-message", id: `${id}-message` });
    const submit = h("button", { type: "submit" }, "Continue");
    const form = h(
      "form",
      {
        class: "card narrow",
        novalidate: true,
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const key = input.value.trim();
          if (!key) {
            message.textContent = "Enter the API key.";
            input.focus();
            return;
          }
          submit.disabled = true;
          try {
            // Checked before it is kept: a refused key is never stored.
            const check = await fetch("/api/trigger-types?toolkits=none", {
              headers: { authorization: `Bearer ${key}`, accept: "application/json" },
              cache: "no-store",
              credentials: "omit",
            });
            if (check.status === 401) {
              message.textContent = "The runtime refused this key.";
              input.focus();
              return;
            }
            if (!check.ok) throw new Error(`HTTP ${check.status}`);
            apiKey = key;
            storage.set(KEY_STORAGE, key);
            input.value = "";
            notify("");
            render(true);
          } catch (error) {
            message.textContent = `The runtime could not be reached: ${errorText(error)}`;
            input.focus();
          } finally {
            submit.disabled = false;
          }
        },
      },
      h("div", { class: "page-head" }, h("h1", { tabindex: -1 }, "Triggo dashboard")),
      h("div", { class: "field" }, h("label", { for: id }, "API key"), input, message),
      h(
        "p",
        { class: "field-description", id: `${id}-help` },
        "The key of the runtime's management API: the one the start command (triggo dev) printed, or your TRIGGO_API_KEY. It is kept in this tab only (session storage) and sent as Authorization: Bearer.",
      ),
      submit,
    );
    replace(main, form);
    input.focus();
  };

  const render = (moved = false) => {
    leave?.abort();
    leave = new AbortController();
    const path = dashboardPage(location.pathname) ?? "/";
    renderNavigation(path);
    if (pendingNotice !== undefined || moved) notify(pendingNotice ?? "");
    pendingNotice = undefined;
    if (!apiKey) {
      renderLogin();
      return;
    }
    const page = PAGES[path] ?? PAGES["/"]!;
    const context: PageContext = {
      api,
      main,
      signal: leave.signal,
      query: new URLSearchParams(location.search),
      navigate,
      notify,
      userId: {
        get: () => storage.get(USER_STORAGE),
        set: (value) => storage.set(USER_STORAGE, value),
      },
      connectors: () => {
        connectors ??= loadConnectors(api).catch((error: unknown) => {
          connectors = undefined;
          throw error;
        });
        return connectors;
      },
    };
    replace(main);
    page.render(context).then(
      () => {
        if (moved) main.querySelector<HTMLElement>("h1")?.focus();
      },
      (error: unknown) => {
        if (!context.signal.aborted) notify(errorText(error), "error");
      },
    );
  };

  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("a[data-link]");
    if (
      !(link instanceof HTMLAnchorElement) ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
  window.addEventListener("popstate", () => render(true));
  render();
}

start();
