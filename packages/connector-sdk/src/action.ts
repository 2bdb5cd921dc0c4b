import type { ZodType } from "zod";
import type { AnyAuth } from "./auth";
import type { ActionContext } from "./context";
import { assertPropKey, assertSnakeCase, assertText, DefinitionError } from "./names";
import type { PropsDefinition } from "./property";
import { checkPropsDefinition } from "./props-definition";

export interface ActionDefinition<
  Name extends string,
  A extends AnyAuth,
  P extends PropsDefinition,
  Output,
> {
  /** snake_case, unique within the connector: `send_message`. */
  name: Name;
  displayName: string;
  description: string;
  props?: P;
  /** The connector's auth, given here only so that `context.auth` is typed. */
  auth?: A;
  /** The shape of what `run` returns; sample data is checked against it. */
  output?: ZodType<Output>;
  /** A realistic result, taken from the provider's documentation. */
  sampleData?: NoInfer<Output>;
  run(context: ActionContext<A, NoInfer<P>>): Promise<Output>;
}

export interface Action<
  Name extends string = string,
  A extends AnyAuth = AnyAuth,
  P extends PropsDefinition = PropsDefinition,
  Output = unknown,
> extends Readonly<
    Required<
      Pick<
        ActionDefinition<Name, A, P, Output>,
        "name" | "displayName" | "description" | "props" | "run"
      >
    >
  > {
  readonly kind: "action";
  readonly output: ZodType<Output> | undefined;
  readonly sampleData: Output | undefined;
  readonly auth: A | undefined;
}

export type AnyAction = Action<string, any, any, any>;

/** Defines an action: typed props and a `run` that calls the service. */
export function createAction<
  const Name extends string,
  P extends PropsDefinition = {},
  Output = unknown,
  A extends AnyAuth = AnyAuth,
>(definition: ActionDefinition<Name, A, P, Output>): Action<Name, A, P, Output> {
  assertSnakeCase("Action", definition.name);
  const owner = `Action "${definition.name}"`;
  assertText(owner, "displayName", definition.displayName);
  assertText(owner, "description", definition.description);
  if (typeof definition.run !== "function") {
    throw new DefinitionError(`${owner} has no run function: add async run(context) { ... }.`);
  }
  const props = (definition.props ?? {}) as P;
  for (const key of Object.keys(props)) assertPropKey(owner, key);
  checkPropsDefinition(owner, props);
  checkSampleData(owner, definition.output, definition.sampleData);
  return Object.freeze({
    kind: "action" as const,
    name: definition.name,
    displayName: definition.displayName,
    description: definition.description,
    props,
    auth: definition.auth,
    output: definition.output,
    sampleData: definition.sampleData,
    run: definition.run,
  });
}

export function checkSampleData(owner: string, schema: ZodType | undefined, sample: unknown): void {
  if (!schema || sample === undefined) return;
  const result = schema.safeParse(sample);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new DefinitionError(
      `${owner}: sampleData does not match its output schema (${problems}); fix the sample or the schema.`,
    );
  }
}
