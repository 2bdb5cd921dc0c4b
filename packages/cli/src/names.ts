/** kebab-case: lowercase words joined by "-", starting with a letter (connector names). */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** snake_case: lowercase words joined by "_", starting with a letter (action and trigger names). */
export const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** Thrown for wrong usage of a command: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

function words(name: string): string[] {
  return name.split(/[-_]/).filter((word) => word !== "");
}

/** `send_message` → `send-message` (file names). */
export function toKebabCase(name: string): string {
  return words(name).join("-");
}

/** `send_message` → `sendMessage` (variable names). */
export function toCamelCase(name: string): string {
  return words(name)
    .map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join("");
}

/** `send_message` → `SendMessage` (type names). */
export function toPascalCase(name: string): string {
  return words(name)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
}

/** `send_message` → `SEND_MESSAGE` (constants). */
export function toConstantCase(name: string): string {
  return words(name).join("_").toUpperCase();
}

/** `send_message` → `Send message` (display names). */
export function toDisplayName(name: string): string {
  const text = words(name).join(" ");
  return text[0]!.toUpperCase() + text.slice(1);
}

/** `my-service` → `My Service` (a connector's display name). */
export function toTitleCase(name: string): string {
  return words(name)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

/** Refuses a connector name that is not kebab-case, naming the rule. */
export function assertConnectorName(name: string | undefined): string {
  if (!name) throw new UsageError("give the connector's name, e.g. my-service.");
  if (!KEBAB_CASE.test(name)) {
    throw new UsageError(
      `"${name}" is not a valid connector name: connector names are kebab-case (lowercase letters and digits joined by "-", starting with a letter), e.g. "my-service".`,
    );
  }
  return name;
}

/** Refuses an action or trigger name that is not snake_case, naming the rule. */
export function assertMemberName(kind: "action" | "trigger", name: string | undefined): string {
  if (!name) throw new UsageError(`give the ${kind}'s name, e.g. send_message.`);
  if (!SNAKE_CASE.test(name)) {
    throw new UsageError(
      `"${name}" is not a valid ${kind} name: ${kind} names are snake_case (lowercase letters and digits joined by "_", starting with a letter), e.g. "send_message".`,
    );
  }
  return name;
}
