// Auth configs and connected accounts: list, create (a pasted secret or the OAuth2 flow), delete.
import { h, replace, uid, when } from "./dom";
import { renderForm } from "./form-view";
import { formFields, issuesByField } from "./schema-form";
import type { AuthConfig, ConnectedAccount, ConnectorDescription, Items } from "./types";
import {
  actionButton,
  connectorLabel,
  errorText,
  failureBox,
  loading,
  type PageContext,
  pageHeading,
  statusBadge,
  userPicker,
} from "./ui";

/** A labelled control with its message slot. */
function labelled(label: string, control: HTMLElement, help?: string): HTMLElement {
  const id = control.id || uid("control");
  control.id = id;
  const helpId = `${id}-help`;
  if (help) control.setAttribute("aria-describedby", `${helpId} ${id}-message`);
  else control.setAttribute("aria-describedby", `${id}-message`);
  return h(
    "div",
    { class: "field", "data-field": control.getAttribute("name") ?? undefined },
    h("label", { for: id }, label),
    help ? h("p", { class: "field-description", id: helpId }, help) : null,
    control,
    h("p", { class: "field-message", id: `${id}-message` }),
  );
}

function connectorSelect(connectors: ConnectorDescription[], name: string): HTMLSelectElement {
  return h(
    "select",
    { name },
    connectors.map((connector) =>
      h("option", { value: connector.name }, `${connector.displayName} (${connector.name})`),
    ),
  );
}

function setMessage(form: HTMLElement, field: string, text: string): void {
  const slot = form.querySelector(`[data-field="${field}"] .field-message`);
  if (slot) slot.textContent = text;
}

function authConfigsSection(context: PageContext, connectors: ConnectorDescription[]) {
  const list = h("ul", { class: "cards" });
  const refresh = async () => {
    replace(list, loading());
    try {
      const { items } = await context.api.get<Items<AuthConfig>>("/api/auth-configs");
      replace(
        list,
        items.length
          ? items.map((config) =>
              h(
                "li",
                { class: "card" },
                h(
                  "div",
                  { class: "card-head" },
                  h("h3", {}, config.name || connectorLabel(connectors, config.connector)),
                  h("code", {}, config.id),
                ),
                h(
                  "p",
                  { class: "muted" },
                  `${connectorLabel(connectors, config.connector)} · scopes: ${(config.scopes ?? []).join(", ") || "none"} · client credentials: ${config.hasClientCredentials ? "stored" : "none"}${config.appConfigKeys?.length ? ` · app settings: ${config.appConfigKeys.join(", ")}` : ""} · created ${when(config.createdAt)}`,
                ),
                h(
                  "div",
                  { class: "actions" },
                  actionButton(
                    context,
                    "Delete",
                    async () => {
                      if (!confirm(`Delete the auth config ${config.id}?`)) return;
                      await context.api.delete(
                        `/api/auth-configs/${encodeURIComponent(config.id)}`,
                      );
                      context.notify(`Deleted the auth config ${config.id}.`);
                      await refresh();
                    },
                    "danger",
                  ),
                ),
              ),
            )
          : h("li", { class: "muted" }, "No auth configs yet."),
      );
    } catch (error) {
      replace(list, h("li", {}, failureBox(error)));
    }
  };

  const oauthConnectors = connectors.filter((connector) => connector.auth.type === "OAUTH2");
  const form = h("form", { class: "card", novalidate: true });
  const secret = h("input", { name: "clientSecret", type: "password", autocomplete: "off" });
  replace(
    form,
    h("h3", {}, "New auth config"),
    h(
      "div",
      { class: "grid" },
      labelled(
        "Connector",
        connectorSelect(oauthConnectors.length ? oauthConnectors : connectors, "connector"),
      ),
      labelled("Name", h("input", { name: "name", type: "text", autocomplete: "off" })),
      labelled("Client id", h("input", { name: "clientId", type: "text", autocomplete: "off" })),
      labelled("Client secret", secret, "Stored encrypted; never shown again."),
      labelled(
        "Scopes",
        h("input", { name: "scopes", type: "text", autocomplete: "off" }),
        "Comma-separated; empty: the connector's own.",
      ),
      labelled(
        "Redirect URL",
        h("input", { name: "redirectUrl", type: "url", autocomplete: "off" }),
        "Empty: the runtime's /oauth/callback.",
      ),
    ),
    h("button", { type: "submit" }, "Create auth config"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const body: Record<string, unknown> = { connector: text("connector") };
    for (const name of ["name", "clientId", "clientSecret", "redirectUrl"]) {
      if (text(name)) body[name] = text(name);
    }
    const scopes = text("scopes")
      .split(/[,\s]+/)
      .filter(Boolean);
    if (scopes.length) body.scopes = scopes;
    for (const slot of form.querySelectorAll(".field-message")) slot.textContent = "";
    try {
      const created = await context.api.post<AuthConfig>("/api/auth-configs", body);
      form.reset();
      context.notify(`Created the auth config ${created.id}.`);
      await refresh();
    } catch (error) {
      secret.value = "";
      for (const [field, message] of Object.entries(
        issuesByField((error as { body?: unknown }).body),
      )) {
        setMessage(form, field, message);
      }
      context.notify(errorText(error), "error");
    }
  });
  void refresh();
  return {
    element: h(
      "section",
      { "aria-labelledby": "auth-configs" },
      h("h2", { id: "auth-configs" }, "Auth configs"),
      list,
      form,
    ),
    refresh,
  };
}

function accountsSection(context: PageContext, connectors: ConnectorDescription[]) {
  const list = h("ul", { class: "cards", "aria-live": "polite" });
  const refresh = async () => {
    const userId = context.userId.get();
    if (!userId) {
      replace(list, h("li", { class: "muted" }, "Enter a user id to see their accounts."));
      return;
    }
    replace(list, loading());
    try {
      const { items } = await context.api.get<Items<ConnectedAccount>>("/api/connected-accounts", {
        userId,
      });
      replace(
        list,
        items.length
          ? items.map((account) =>
              h(
                "li",
                { class: "card", "data-account": account.id },
                h(
                  "div",
                  { class: "card-head" },
                  h("h3", {}, connectorLabel(connectors, account.connector)),
                  statusBadge(account.status),
                  h("code", {}, account.id),
                ),
                account.statusReason ? h("p", {}, account.statusReason) : null,
                h(
                  "p",
                  { class: "muted" },
                  `User ${account.userId} · created ${when(account.createdAt)}${account.authConfigId ? ` · auth config ${account.authConfigId}` : ""}`,
                ),
                h(
                  "div",
                  { class: "actions" },
                  actionButton(
                    context,
                    "Delete",
                    async () => {
                      if (!confirm(`Delete the account ${account.id} and its triggers?`)) return;
                      await context.api.delete(
                        `/api/connected-accounts/${encodeURIComponent(account.id)}`,
                      );
                      context.notify(`Deleted the account ${account.id}.`);
                      await refresh();
                    },
                    "danger",
                  ),
                ),
              ),
            )
          : h("li", { class: "muted" }, `No accounts for ${userId}.`),
      );
    } catch (error) {
      replace(list, h("li", {}, failureBox(error)));
    }
  };
  void refresh();
  return {
    element: h(
      "section",
      { "aria-labelledby": "accounts" },
      h("h2", { id: "accounts" }, "Connected accounts"),
      userPicker(context, () => void refresh()),
      list,
    ),
    refresh,
  };
}

function connectSection(
  context: PageContext,
  connectors: ConnectorDescription[],
  onConnected: () => Promise<void>,
) {
  const form = h("form", { class: "card", novalidate: true });
  const select = connectorSelect(connectors, "connector");
  const userInput = h("input", {
    name: "userId",
    type: "text",
    autocomplete: "off",
    value: context.userId.get(),
  });
  const credentials = h("div", { class: "credentials" });
  let read: () => { credentials?: unknown; errors: Record<string, string> } = () => ({
    credentials: {},
    errors: {},
  });
  let clear: () => void = () => undefined;

  const secretInput = (label: string, help: string | undefined) => {
    const input = h("input", {
      name: "secret",
      type: "password",
      autocomplete: "off",
      spellcheck: "false",
    });
    credentials.append(labelled(label, input, help));
    read = (): { credentials?: unknown; errors: Record<string, string> } =>
      input.value.trim()
        ? { credentials: input.value.trim(), errors: {} }
        : { errors: { secret: `Enter the ${label.toLowerCase()}.` } };
    clear = () => {
      input.value = "";
    };
  };

  const oauthButton = (connector: ConnectorDescription) => {
    const configs = h("select", { name: "authConfigId" }, h("option", { value: "" }, "Default"));
    context.api.get<Items<AuthConfig>>("/api/auth-configs", { connector: connector.name }).then(
      ({ items }) =>
        configs.append(
          ...items.map((config) => h("option", { value: config.id }, config.name || config.id)),
        ),
      () => undefined,
    );
    return h(
      "div",
      { class: "oauth" },
      h("h4", {}, `Or connect through ${connector.displayName}`),
      labelled("Auth config", configs, "The OAuth2 app the account is connected through."),
      actionButton(
        context,
        `Connect with ${connector.displayName}`,
        async () => {
          const userId = userInput.value.trim();
          if (!userId) {
            setMessage(form, "userId", "Enter the user id.");
            userInput.focus();
            return;
          }
          const started = await context.api.post<{ redirectUrl: string }>(
            "/api/connected-accounts/oauth",
            {
              userId,
              connector: connector.name,
              ...(configs.value ? { authConfigId: configs.value } : {}),
              callbackUrl: `${location.origin}/accounts`,
            },
          );
          context.userId.set(userId);
          location.assign(started.redirectUrl);
        },
        "secondary",
      ),
    );
  };

  const renderCredentials = () => {
    const connector = connectors.find((item) => item.name === select.value);
    credentials.replaceChildren();
    if (!connector) return;
    const auth = connector.auth;
    if (auth.description)
      credentials.append(h("p", { class: "field-description" }, auth.description));
    if (auth.type === "SECRET_TEXT") {
      secretInput(auth.displayName ?? "Secret", undefined);
    } else if (auth.type === "CUSTOM") {
      const view = renderForm(formFields(auth.props), { secret: true });
      credentials.append(view.element);
      read = () => {
        const checked = view.check();
        view.showErrors(checked.errors);
        return { credentials: checked.value, errors: checked.errors };
      };
      clear = () => {
        for (const input of view.element.querySelectorAll("input, textarea")) {
          (input as HTMLInputElement).value = "";
        }
      };
    } else if (auth.type === "OAUTH2") {
      if (auth.manualToken) secretInput(auth.manualToken.displayName, auth.manualToken.description);
      else {
        read = () => ({ errors: { secret: "This connector connects through OAuth2 only." } });
      }
    } else {
      read = () => ({ credentials: {}, errors: {} });
      credentials.append(h("p", { class: "muted" }, "This connector needs no credentials."));
    }
    form.querySelector(".oauth")?.remove();
    if (auth.type === "OAUTH2") form.append(oauthButton(connector));
  };

  select.addEventListener("change", renderCredentials);
  replace(
    form,
    h("h3", {}, "Connect an account"),
    h("div", { class: "grid" }, labelled("User id", userInput), labelled("Connector", select)),
    credentials,
    h("button", { type: "submit" }, "Connect"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const slot of form.querySelectorAll(".field-message")) slot.textContent = "";
    const userId = userInput.value.trim();
    const { credentials: value, errors } = read();
    if (!userId) errors.userId = "Enter the user id.";
    if (Object.keys(errors).length) {
      for (const [field, message] of Object.entries(errors)) setMessage(form, field, message);
      form
        .querySelector<HTMLElement>('[data-field] [aria-invalid="true"], [data-field] input')
        ?.focus();
      if (!userId) userInput.focus();
      return;
    }
    try {
      const account = await context.api.post<ConnectedAccount>("/api/connected-accounts", {
        userId,
        connector: select.value,
        credentials: value,
      });
      clear();
      context.userId.set(userId);
      context.notify(
        `Connected ${connectorLabel(connectors, account.connector)} for ${account.userId}: ${account.id} (${account.status}).`,
      );
      await onConnected();
    } catch (error) {
      clear();
      context.notify(errorText(error), "error");
    }
  });
  renderCredentials();
  return h(
    "section",
    { "aria-labelledby": "connect" },
    h("h2", { id: "connect", class: "visually-hidden" }, "Connect"),
    form,
  );
}

/** What the provider's round trip came back with (`?status=success|failed`), said once. */
function oauthReturn(context: PageContext): void {
  const status = context.query.get("status");
  if (!status) return;
  if (status === "success") {
    context.notify(`Connected: account ${context.query.get("connectedAccountId") ?? ""}.`);
  } else {
    context.notify(
      `The connection failed: ${context.query.get("error") ?? "the provider gave no reason"}.`,
      "error",
    );
  }
  history.replaceState(null, "", location.pathname);
}

export async function renderAccounts(context: PageContext): Promise<void> {
  replace(context.main, pageHeading("Accounts"), loading());
  oauthReturn(context);
  const connectors = await context.connectors();
  const configs = authConfigsSection(context, connectors);
  const accounts = accountsSection(context, connectors);
  replace(
    context.main,
    pageHeading("Accounts"),
    accounts.element,
    connectSection(context, connectors, accounts.refresh),
    configs.element,
  );
}
