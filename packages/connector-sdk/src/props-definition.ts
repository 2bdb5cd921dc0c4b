import { ConnectorError } from "@triggo/shared";
import { DefinitionError } from "./names";
import { type AnyProperty, PROPERTY_TYPES, type PropsDefinition } from "./property";
import { validateProps } from "./props-validate";

const KNOWN_TYPES = new Set<string>(Object.values(PROPERTY_TYPES));

/**
 * Catches malformed props when a connector is defined, not when a user first runs it: unknown
 * types, missing display names, dropdowns without options, refreshers naming no prop, and
 * defaults the prop itself would refuse.
 */
export function checkPropsDefinition(owner: string, props: PropsDefinition): void {
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    throw new DefinitionError(`${owner}: props must be an object of Property.* values.`);
  }
  for (const [key, property] of Object.entries(props) as [string, AnyProperty][]) {
    const where = `${owner}, prop "${key}"`;
    if (typeof property !== "object" || property === null || !KNOWN_TYPES.has(property.type)) {
      throw new DefinitionError(
        `${where} is not a property: build it with Property.ShortText(...), Property.Dropdown(...) and so on.`,
      );
    }
    if (typeof property.displayName !== "string" || property.displayName.trim() === "") {
      throw new DefinitionError(`${where} has no displayName: give it a short label for forms.`);
    }
    if (typeof property.required !== "boolean") {
      throw new DefinitionError(`${where}: "required" must be true or false.`);
    }
    if (
      property.type === "STATIC_DROPDOWN" ||
      (property.type === "MULTI_SELECT_DROPDOWN" && typeof property.options !== "function")
    ) {
      const options = property.options as readonly { label?: unknown; value?: unknown }[];
      if (!Array.isArray(options) || options.length === 0) {
        throw new DefinitionError(`${where} has no options: list at least one { label, value }.`);
      }
      for (const option of options) {
        if (typeof option?.label !== "string" || option.value === undefined) {
          throw new DefinitionError(
            `${where} has an option without a label or value: each option is { label, value }.`,
          );
        }
      }
    }
    if (property.type === "DROPDOWN" && typeof property.options !== "function") {
      throw new DefinitionError(
        `${where} is a dynamic dropdown without an options loader: give options: async (context) => ({ options: [...] }), or use Property.StaticDropdown.`,
      );
    }
    if (property.type === "DROPDOWN" || property.type === "MULTI_SELECT_DROPDOWN") {
      for (const refresher of property.refreshers) {
        if (!Object.hasOwn(props, refresher)) {
          throw new DefinitionError(
            `${where} refreshes on "${refresher}", which is not a prop here.`,
          );
        }
      }
    }
    if (property.defaultValue !== undefined) {
      try {
        validateProps(where, { [key]: property }, { [key]: property.defaultValue });
      } catch (error) {
        const reason = ConnectorError.is(error)
          ? error.message.split("\n").slice(1).join(" ").trim()
          : String(error);
        throw new DefinitionError(`${where} has an invalid defaultValue: ${reason}`);
      }
    }
  }
}
