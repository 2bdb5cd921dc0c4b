// The DOM side of generated forms: one labelled control per field, its description, and a
// message slot next to it for the schema's and the server's validation messages.
import { h, uid } from "./dom";
import {
  checkForm,
  type FieldOption,
  type FormCheck,
  type FormField,
  initialRaw,
  type RawValue,
} from "./schema-form";
import type { OptionsAnswer } from "./types";

export interface FormViewOptions {
  /** Text fields as password inputs (CustomAuth credentials); `writeOnly` fields always are. */
  secret?: boolean;
  /** Loads a dynamic field's options with the other fields' current values. */
  loadOptions?: (field: FormField, values: Record<string, unknown>) => Promise<OptionsAnswer>;
}

export interface FormView {
  element: HTMLElement;
  fields: readonly FormField[];
  /** Reads and checks every field (with the options loaded so far). */
  check(): FormCheck;
  /** Shows one message per field (others cleared); focuses the first bad field. */
  showErrors(errors: Record<string, string>): void;
  /** Empties the password inputs: a secret is sent once, never kept in the page. */
  clearSecrets(): void;
}

interface Control {
  field: FormField;
  read(): RawValue;
  focus(): void;
  inputs: HTMLElement[];
  message: HTMLElement;
}

const PLACEHOLDERS: Partial<Record<FormField["kind"], string>> = {
  "date-time": "2026-01-31T09:30:00Z",
  json: '{"key": "value"}',
};

function control(field: FormField, options: FormViewOptions): Control & { element: HTMLElement } {
  const id = uid(`field-${field.name}`);
  const messageId = `${id}-message`;
  const descriptionId = `${id}-description`;
  const describedBy = [field.description ? descriptionId : "", messageId].filter(Boolean).join(" ");
  const message = h("p", { class: "field-message", id: messageId });
  const description = field.description
    ? h("p", { class: "field-description", id: descriptionId }, field.description)
    : null;
  const raw = initialRaw(field);
  const labelText = [
    field.label,
    field.required ? h("span", { class: "required" }, " (required)") : null,
  ];
  const common = {
    id,
    name: field.name,
    "aria-describedby": describedBy,
    "aria-required": field.required ? "true" : undefined,
  };

  if (field.kind === "boolean") {
    const input = h("input", { ...common, type: "checkbox", checked: raw === true });
    return {
      field,
      inputs: [input],
      message,
      read: () => input.checked,
      focus: () => input.focus(),
      element: h(
        "div",
        { class: "field field-checkbox", "data-field": field.name },
        h("span", { class: "checkbox-row" }, input, h("label", { for: id }, labelText)),
        description,
        message,
      ),
    };
  }

  if (field.kind === "multi-enum") {
    const boxes = field.options.map((_option, index) =>
      h("input", {
        type: "checkbox",
        id: `${id}-${index}`,
        name: field.name,
        value: String(index),
        checked: Array.isArray(raw) && raw.includes(String(index)),
      }),
    );
    return {
      field,
      inputs: boxes,
      message,
      read: () => boxes.filter((box) => box.checked).map((box) => box.value),
      focus: () => boxes[0]?.focus(),
      element: h(
        "fieldset",
        { class: "field", "data-field": field.name, "aria-describedby": describedBy },
        h("legend", {}, labelText),
        description,
        boxes.map((box, index) =>
          h(
            "span",
            { class: "checkbox-row" },
            box,
            h("label", { for: box.id }, field.options[index]!.label),
          ),
        ),
        message,
      ),
    };
  }

  let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  let extra: HTMLElement | null = null;
  if (field.kind === "enum") {
    input = h(
      "select",
      common,
      h("option", { value: "" }, field.required ? "Choose…" : "(none)"),
      field.options.map((option, index) =>
        h("option", { value: String(index), selected: raw === String(index) }, option.label),
      ),
    );
  } else if (
    field.kind === "text" ||
    field.kind === "json" ||
    field.kind === "string-list" ||
    (field.kind === "dynamic" && field.multiple)
  ) {
    input = h("textarea", {
      ...common,
      rows: field.kind === "json" ? 5 : 3,
      class: field.kind === "json" ? "mono" : undefined,
      placeholder: PLACEHOLDERS[field.kind],
      spellcheck: field.kind === "json" ? "false" : undefined,
    });
    input.value = typeof raw === "string" ? raw : "";
  } else {
    const numeric = field.kind === "number" || field.kind === "integer";
    input = h("input", {
      ...common,
      type: (options.secret || field.secret) && !numeric ? "password" : numeric ? "number" : "text",
      step: field.kind === "integer" ? "1" : numeric ? "any" : undefined,
      min: field.minimum,
      max: field.maximum,
      autocomplete: "off",
      placeholder: PLACEHOLDERS[field.kind],
      value: typeof raw === "string" ? raw : "",
    });
  }
  const hints: string[] = [];
  if (field.kind === "string-list" || (field.kind === "dynamic" && field.multiple)) {
    hints.push("One value per line.");
  }
  if (field.kind === "json") hints.push("JSON.");
  const hint = h("p", { class: "field-hint" }, hints.join(" "));
  if (field.kind === "dynamic" && !field.multiple && input instanceof HTMLInputElement) {
    const listId = `${id}-options`;
    input.setAttribute("list", listId);
    extra = h("datalist", { id: listId });
  }
  return {
    field,
    inputs: [input],
    message,
    read: () => input.value,
    focus: () => input.focus(),
    element: h(
      "div",
      { class: "field", "data-field": field.name },
      h("label", { for: id }, labelText),
      description,
      input,
      extra,
      hint,
      message,
    ),
  };
}

/** Renders the fields; dynamic ones load their options when focused and when a refresher changes. */
export function renderForm(fields: readonly FormField[], options: FormViewOptions = {}): FormView {
  const controls = fields.map((field) => control(field, options));
  const loaded: Record<string, FieldOption[]> = {};
  const loadedFor: Record<string, string> = {};
  const element = h(
    "div",
    { class: "generated-form" },
    controls.map((item) => item.element),
  );

  const rawValues = () =>
    Object.fromEntries(controls.map((item) => [item.field.name, item.read()])) as Record<
      string,
      RawValue
    >;
  const check = () => checkForm(fields, rawValues(), loaded);

  const load = async (item: Control & { element: HTMLElement }) => {
    if (!options.loadOptions) return;
    const values = check().value;
    const key = JSON.stringify(item.field.refreshers.map((name) => values[name] ?? null));
    if (loadedFor[item.field.name] === key) return;
    loadedFor[item.field.name] = key;
    const hint = item.element.querySelector(".field-hint")!;
    const input = item.inputs[0] as HTMLInputElement;
    const datalist = item.element.querySelector("datalist");
    hint.textContent = "Loading options…";
    try {
      const answer = await options.loadOptions(item.field, values);
      loaded[item.field.name] = answer.options;
      datalist?.replaceChildren(
        ...answer.options.map((option) =>
          h("option", { value: String(option.value), label: option.label }),
        ),
      );
      input.placeholder = answer.placeholder ?? "";
      hint.textContent = answer.disabled
        ? (answer.placeholder ?? "No options yet.")
        : answer.options.length
          ? `${answer.options.length} option${answer.options.length === 1 ? "" : "s"}: pick one or type a value.`
          : "No options found: type a value.";
    } catch (error) {
      delete loadedFor[item.field.name];
      hint.textContent = `Options could not be loaded (${error instanceof Error ? error.message : String(error)}): type a value.`;
    }
  };

  for (const item of controls) {
    if (item.field.kind === "dynamic") {
      item.inputs[0]!.addEventListener("focus", () => void load(item));
    }
    for (const input of item.inputs) {
      // A message goes once its field is edited; the next check says it again if still wrong.
      input.addEventListener("input", () => {
        item.message.textContent = "";
        for (const each of item.inputs) each.removeAttribute("aria-invalid");
      });
      input.addEventListener("change", () => {
        for (const other of controls) {
          if (other.field.refreshers.includes(item.field.name)) delete loadedFor[other.field.name];
        }
      });
    }
  }

  return {
    element,
    fields,
    check,
    showErrors(errors) {
      let first: Control | undefined;
      for (const item of controls) {
        const message = errors[item.field.name];
        item.message.textContent = message ?? "";
        for (const input of item.inputs) {
          if (message) input.setAttribute("aria-invalid", "true");
          else input.removeAttribute("aria-invalid");
        }
        if (message && !first) first = item;
      }
      first?.focus();
    },
    clearSecrets() {
      for (const input of element.querySelectorAll<HTMLInputElement>('input[type="password"]')) {
        input.value = "";
      }
    },
  };
}
