const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const CAMEL_OR_SNAKE = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** Thrown when a connector, action, trigger or prop is defined wrongly: a bug in the connector. */
export class DefinitionError extends Error {
  override readonly name = "DefinitionError";
}

export function assertKebabCase(kind: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || !KEBAB_CASE.test(name)) {
    throw new DefinitionError(
      `${kind} name ${JSON.stringify(name)} is invalid: ${kind.toLowerCase()} names are kebab-case ` +
        `(lowercase letters and digits joined by "-", starting with a letter), for example "my-service".`,
    );
  }
}

export function assertSnakeCase(kind: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || !SNAKE_CASE.test(name)) {
    throw new DefinitionError(
      `${kind} name ${JSON.stringify(name)} is invalid: ${kind.toLowerCase()} names are snake_case ` +
        `(lowercase letters and digits joined by "_", starting with a letter), for example "send_message".`,
    );
  }
}

export function assertPropKey(owner: string, key: string): void {
  if (!CAMEL_OR_SNAKE.test(key)) {
    throw new DefinitionError(
      `${owner}: prop key ${JSON.stringify(key)} is invalid: prop keys are identifiers ` +
        `(letters, digits and "_", starting with a letter), for example "channel" or "thread_ts".`,
    );
  }
}

export function assertText(owner: string, field: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new DefinitionError(
      `${owner} has no ${field}: set "${field}" to a non-empty string that tells users what it does.`,
    );
  }
}

export function assertUnique(owner: string, kind: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new DefinitionError(
        `${owner} has two ${kind}s named "${name}": ${kind} names must be unique within a connector.`,
      );
    }
    seen.add(name);
  }
}
