// Auth configs and connected accounts: list, create (a pasted secret or the OAuth2 flow), delete.
import { authConfigBody, authConfigSchema, takesAuthConfig } from "./auth-config-form";
import { h, replace, uid, when } from "./dom";
import { renderForm } from "./form-view";
import { formFields, issuesByField } from "./schema-form";
import type { AuthConfig, ConnectedAccount, ConnectorDescription, Items } from "./types";
import {
  actionButton,
  connectorLabel,
  deleteButton,
  errorText,
  fillCards,
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

function authConfigsSection(
  context: PageContext,
  connectors: ConnectorDescription[],
  onChange: () => void,
) {
  const list = h("ul", { class: "cards", "aria-live": "polite" });
  const refresh = async () => {
    await fillCards(
      list,
      async () => (await context.api.get<Items<AuthConfig>>("/api/auth-configs")).items,
      (config) =>
        h(
          "li",
          { class: "card", "data-auth-config": config.id },
          h(
            "div",
            { class: "card-head" },
            h("h3", {}, config.name || connectorLabel(connectors, config.connector)),
            h("code", {}, config.id),
          ),
          h(
            "p",
            {},
            `${connectorLabel(connectors, config.connector)} · client id and secret: ${config.hasClientCredentials ? "stored" : "none"} · app settings: ${config.appConfigKeys?.join(", ") || "none"}`,
          ),
          h(
            "p",
            { class: "muted" },
            `Scopes: ${(config.scopes ?? []).join(", ") || "none"}${config.redirectUrl ? ` · redirect URL ${config.redirectUrl}` : ""} · created ${when(config.createdAt)}`,
          ),
          h(
            "div",
            { class: "actions" },
            deleteButton(context, `Delete the auth config ${config.id}?`, async () => {
              await context.api.delete(`/api/auth-configs/${encodeURIComponent(config.id)}`);
              context.notify(`Deleted the auth config ${config.id}.`);
              onChange();
              await refresh();
            }),
          ),
        ),
      "No auth configs yet.",
    );
  };
  void refresh();

  const configurable = connectors.filter(takesAuthConfig);
  const element = h(
    "section",
    { "aria-labelledby": "auth-configs" },
    h("h2", { id: "auth-configs" }, "Auth configs"),
    h(
      "p",
      { class: "muted" },
      "An auth config holds a connector's OAuth2 app (its client id and secret) and the app settings its webhooks need. Secrets are stored encrypted and never shown again.",
    ),
    list,
  );
  if (!configurable.length) {
    element.append(h("p", { class: "muted" }, "No connector here takes an auth config."));
    return { element, refresh };
  }

  // The fields are generated from the chosen connector's auth (authConfigSchema).
  const select = connectorSelect(configurable, "connector");
  const fields = h("div");
  let view = renderForm([]);
  const connector = () => configurable.find((item) => item.name === select.value)!;
  const renderFields = () => {
    view = renderForm(formFields(authConfigSchema(connector())));
    replace(fields, view.element);
  };
  select.addEventListener("change", renderFields);
  renderFields();
  const form = h(
    "form",
    { class: "card", novalidate: true },
    h("h3", {}, "New auth config"),
    labelled("Connector", select),
    fields,
    h("button", { type: "submit" }, "Create auth config"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { body, errors } = authConfigBody(connector(), view.check());
    view.showErrors(errors);
    if (Object.keys(errors).length) return;
    try {
      const created = await context.api.post<AuthConfig>("/api/auth-configs", body);
      renderFields();
      context.notify(`Created the auth config ${created.id}.`);
      onChange();
      await refresh();
    } catch (error) {
      view.clearSecrets();
      view.showErrors(
        issuesByField(
          (error as { body?: unknown }).body,
          view.fields.map((field) => field.name),
        ),
      );
      context.notify(errorText(error), "error");
    }
  });
  element.append(form);
  return { element, refresh };
}

function accountsSection(context: PageContext, connectors: ConnectorDescription[]) {
  const list = h("ul", { class: "cards", "aria-live": "polite" });
  const refresh = async () => {
    const userId = context.userId.get();
    if (!userId) {
      replace(list, h("li", { class: "muted" }, "Enter a user id to see their accounts."));
      return;
    }
    await fillCards(
      list,
      async () =>
        (
          await context.api.get<Items<ConnectedAccount>>("/api/connected-accounts", {
            userId,
          })
        ).items,
      (account) =>
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
            deleteButton(
              context,
              `Delete the account ${account.id} and its triggers?`,
              async () => {
                await context.api.delete(
                  `/api/connected-accounts/${encodeURIComponent(account.id)}`,
                );
                context.notify(`Deleted the account ${account.id}.`);
                await refresh();
              },
            ),
          ),
        ),
      `No accounts for ${userId}.`,
    );
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

  // The auth configs with a client, reloaded when one is created or deleted.
  let loadConfigs: () => void = () => undefined;
  const oauthButton = (connector: ConnectorDescription) => {
    const configs = h("select", { name: "authConfigId" });
    loadConfigs = () => {
      context.api.get<Items<AuthConfig>>("/api/auth-configs", { connector: connector.name }).then(
        ({ items }) => {
          const usable = items.filter((config) => config.hasClientCredentials);
          replace(
            configs,
            h(
              "option",
              { value: "" },
              usable.length ? "The newest" : "None yet: create one under Auth configs",
            ),
            usable.map((config) =>
              h(
                "option",
                { value: config.id },
                config.name ? `${config.name} (${config.id})` : config.id,
              ),
            ),
          );
        },
        () => undefined,
      );
    };
    loadConfigs();
    return h(
      "div",
      { class: "oauth" },
      h("h4", {}, `Or connect through ${connector.displayName}`),
      labelled(
        "Auth config",
        configs,
        `The OAuth app the account is connected through: you go to ${connector.displayName} to allow it, then come back here.`,
      ),
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
    loadConfigs = () => undefined;
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
  return {
    element: h(
      "section",
      { "aria-labelledby": "connect" },
      h("h2", { id: "connect", class: "visually-hidden" }, "Connect"),
      form,
    ),
    reloadAuthConfigs: () => loadConfigs(),
  };
}

/**
 * What the provider's round trip came back with (`?status=success&connectedAccountId=` or
 * `?status=failed&error=&message=`), said once; the address is then cleaned.
 */
function oauthReturn(context: PageContext): void {
  const status = context.query.get("status");
  if (!status) return;
  if (status === "success") {
    context.notify(`Connected the account ${context.query.get("connectedAccountId") ?? ""}.`);
  } else {
    const code = context.query.get("error");
    context.notify(
      `The connection failed: ${context.query.get("message") ?? "the provider gave no reason."}${code ? ` (${code})` : ""}`,
      "error",
    );
  }
  history.replaceState(null, "", location.pathname);
}

export async function renderAccounts(context: PageContext): Promise<void> {
  replace(context.main, pageHeading("Accounts"), loading());
  oauthReturn(context);
  const connectors = await context.connectors();
  const accounts = accountsSection(context, connectors);
  const connect = connectSection(context, connectors, accounts.refresh);
  const configs = authConfigsSection(context, connectors, connect.reloadAuthConfigs);
  replace(
    context.main,
    pageHeading("Accounts"),
    accounts.element,
    connect.element,
    configs.element,
  );
}
