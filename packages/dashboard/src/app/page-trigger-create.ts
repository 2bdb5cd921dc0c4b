// Creating a trigger: the user, one of their accounts, a trigger type of its connector, and the
// type's config as a form generated from its JSON Schema.
import { ApiError } from "./api";
import { h, replace, uid } from "./dom";
import { type FormView, renderForm } from "./form-view";
import { formFields, issuesByField } from "./schema-form";
import type { ConnectedAccount, Items, OptionsAnswer, TriggerType } from "./types";
import { errorText, failureBox, type PageContext, pageHeading } from "./ui";

function field(label: string, control: HTMLElement, name: string): HTMLElement {
  const id = uid(name);
  control.id = id;
  control.setAttribute("name", name);
  control.setAttribute("aria-describedby", `${id}-message`);
  return h(
    "div",
    { class: "field", "data-field": name },
    h("label", { for: id }, label),
    control,
    h("p", { class: "field-message", id: `${id}-message` }),
  );
}

export async function renderTriggerCreate(context: PageContext): Promise<void> {
  const userInput = h("input", { type: "text", autocomplete: "off", value: context.userId.get() });
  const accountSelect = h("select", {});
  const typeSelect = h("select", {});
  const typeDescription = h("p", { class: "field-description" });
  const config = h("fieldset", { class: "config-fields" }, h("legend", {}, "Configuration"));
  const formError = h("div", { role: "alert" });
  const submit = h("button", { type: "submit" }, "Create trigger");
  const form = h(
    "form",
    { class: "card", novalidate: true },
    h(
      "div",
      { class: "grid" },
      field("User id", userInput, "userId"),
      field("Connected account", accountSelect, "connectedAccountId"),
    ),
    field("Trigger type", typeSelect, "slug"),
    typeDescription,
    config,
    formError,
    submit,
  );
  replace(
    context.main,
    pageHeading("Create a trigger"),
    h(
      "p",
      { class: "muted" },
      "A trigger watches for one kind of event on one of a user's connected accounts.",
    ),
    form,
  );

  let accounts: ConnectedAccount[] = [];
  let types: TriggerType[] = [];
  let view: FormView | undefined;
  const message = (name: string, text: string) => {
    const slot = form.querySelector(`[data-field="${name}"] > .field-message`);
    if (slot) slot.textContent = text;
  };

  const renderConfig = () => {
    const type = types.find((item) => item.slug === typeSelect.value);
    typeDescription.textContent = type
      ? `${type.description} (${type.type}${type.appWebhook ? ", app-level webhook" : ""})`
      : "";
    config.replaceChildren(h("legend", {}, "Configuration"));
    view = undefined;
    if (!type) return;
    const fields = formFields(type.config);
    view = renderForm(fields, {
      loadOptions: (item, values) =>
        context.api.post<OptionsAnswer>(
          `/api/trigger-types/${encodeURIComponent(type.slug)}/options`,
          { connectedAccountId: accountSelect.value, prop: item.name, triggerConfig: values },
        ),
    });
    config.append(
      fields.length
        ? view.element
        : h("p", { class: "muted" }, "This trigger takes no configuration."),
    );
  };

  const loadTypes = async () => {
    const account = accounts.find((item) => item.id === accountSelect.value);
    typeSelect.replaceChildren();
    types = account
      ? (
          await context.api.get<Items<TriggerType>>("/api/trigger-types", {
            toolkits: account.connector,
          })
        ).items
      : [];
    typeSelect.append(
      ...types.map((type) =>
        h(
          "option",
          { value: type.slug },
          `${type.name} (${[type.slug, ...(type.aliases ?? [])].join(", ")})`,
        ),
      ),
    );
    typeSelect.disabled = types.length === 0;
    renderConfig();
  };

  const loadAccounts = async () => {
    const userId = userInput.value.trim();
    message("userId", "");
    accounts = userId
      ? (
          await context.api.get<Items<ConnectedAccount>>("/api/connected-accounts", {
            userId,
            status: "active",
          })
        ).items
      : [];
    accountSelect.replaceChildren(
      ...accounts.map((account) =>
        h("option", { value: account.id }, `${account.connector} · ${account.id}`),
      ),
    );
    accountSelect.disabled = accounts.length === 0;
    if (userId && accounts.length === 0) {
      message(
        "userId",
        `${userId} has no active connected account: connect one on the Accounts page.`,
      );
    }
    await loadTypes();
  };

  const guard = (work: () => Promise<void>) => () => {
    work().catch((error: unknown) => context.notify(errorText(error), "error"));
  };
  userInput.addEventListener("change", guard(loadAccounts));
  accountSelect.addEventListener("change", guard(loadTypes));
  typeSelect.addEventListener("change", renderConfig);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError.replaceChildren();
    for (const slot of form.querySelectorAll(".field-message")) slot.textContent = "";
    const userId = userInput.value.trim();
    if (!userId) {
      message("userId", "Enter the user id.");
      userInput.focus();
      return;
    }
    if (!accountSelect.value) {
      if (!accounts.length) await loadAccounts().catch(() => undefined);
      if (!accountSelect.value) {
        message("connectedAccountId", "Choose a connected account.");
        (accounts.length ? accountSelect : userInput).focus();
        return;
      }
    }
    if (!view || !typeSelect.value) {
      message("slug", "Choose a trigger type.");
      typeSelect.focus();
      return;
    }
    const checked = view.check();
    view.showErrors(checked.errors);
    if (Object.keys(checked.errors).length) return;
    submit.disabled = true;
    try {
      const { triggerId } = await context.api.post<{ triggerId: string }>("/api/triggers", {
        userId,
        slug: typeSelect.value,
        connectedAccountId: accountSelect.value,
        triggerConfig: checked.value,
      });
      context.userId.set(userId);
      context.navigate("/triggers", `Created the trigger ${triggerId}.`);
    } catch (error) {
      const byField = issuesByField(
        error instanceof ApiError ? error.body : undefined,
        view.fields.map((item) => item.name),
      );
      const { "": general, ...fields } = byField;
      view.showErrors(fields);
      formError.replaceChildren(failureBox(error));
      if (general || !Object.keys(fields).length) submit.focus();
    } finally {
      submit.disabled = false;
    }
  });

  try {
    await loadAccounts();
  } catch (error) {
    formError.replaceChildren(failureBox(error));
  }
}
