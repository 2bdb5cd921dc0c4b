import type { HttpClient } from "@triggo/shared";

/**
 * The 11 input types a connector's props are built from. Each has a JSON Schema form
 * (see `propsToJsonSchema`) and a validator that runs before `run`.
 */
export const PROPERTY_TYPES = {
  SHORT_TEXT: "SHORT_TEXT",
  LONG_TEXT: "LONG_TEXT",
  NUMBER: "NUMBER",
  CHECKBOX: "CHECKBOX",
  DATE_TIME: "DATE_TIME",
  STATIC_DROPDOWN: "STATIC_DROPDOWN",
  DROPDOWN: "DROPDOWN",
  MULTI_SELECT_DROPDOWN: "MULTI_SELECT_DROPDOWN",
  JSON: "JSON",
  ARRAY: "ARRAY",
  FILE: "FILE",
} as const;

export type PropertyType = (typeof PROPERTY_TYPES)[keyof typeof PROPERTY_TYPES];

export type DropdownValue = string | number | boolean;

export interface DropdownOption<T extends DropdownValue = DropdownValue> {
  label: string;
  value: T;
}

/** What an options loader answers: the options, or why there are none yet. */
export interface DropdownState<T extends DropdownValue = DropdownValue> {
  options: DropdownOption<T>[];
  /** True when the dropdown cannot be used yet (for example: connect an account first). */
  disabled?: boolean;
  /** Shown instead of the options when disabled, e.g. "Select a repository first". */
  placeholder?: string;
}

/** What a dynamic dropdown's options loader receives. */
export interface OptionsContext {
  /** The connected account's credentials; undefined when none is connected yet. */
  auth: unknown;
  /** The values of the other props so far (those named in `refreshers` are the ones that matter). */
  propsValue: Record<string, unknown>;
  /** The connector's HTTP client, bound to the auth and base URL. */
  http: HttpClient;
  /** Text the user typed to narrow the list, when the UI supports search. */
  searchValue?: string;
  signal: AbortSignal;
}

export type OptionsLoader<T extends DropdownValue> = (
  context: OptionsContext,
) => Promise<DropdownState<T>>;

/** A file passed to an action: bytes plus a name. */
export interface ConnectorFile {
  name: string;
  data: Uint8Array;
  contentType?: string;
}

/**
 * What callers may pass for a FILE prop: bytes, or base64 text (as JSON clients, the CLI and AI
 * tool calls send it). It is normalized to a `ConnectorFile` before `run`.
 */
export interface ConnectorFileInput {
  name: string;
  data: Uint8Array | string;
  contentType?: string;
}

export interface BaseProperty<TType extends PropertyType, TValue, TRequired extends boolean> {
  readonly type: TType;
  readonly displayName: string;
  readonly description?: string;
  readonly required: TRequired;
  readonly defaultValue?: TValue;
  /** Type-level only: the value `run` sees. */
  readonly __value?: TValue;
}

export interface PropertyConfig<TValue, TRequired extends boolean> {
  displayName: string;
  description?: string;
  required?: TRequired;
  defaultValue?: TValue;
}

export type ShortTextProperty<R extends boolean> = BaseProperty<"SHORT_TEXT", string, R>;
export type LongTextProperty<R extends boolean> = BaseProperty<"LONG_TEXT", string, R>;
export type NumberProperty<R extends boolean> = BaseProperty<"NUMBER", number, R> & {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
};
export type CheckboxProperty<R extends boolean> = BaseProperty<"CHECKBOX", boolean, R>;
/** An ISO 8601 date-time; the validator normalizes it to `toISOString()` form. */
export type DateTimeProperty<R extends boolean> = BaseProperty<"DATE_TIME", string, R>;
export type StaticDropdownProperty<T extends DropdownValue, R extends boolean> = BaseProperty<
  "STATIC_DROPDOWN",
  T,
  R
> & { readonly options: readonly DropdownOption<T>[] };
export type DropdownProperty<T extends DropdownValue, R extends boolean> = BaseProperty<
  "DROPDOWN",
  T,
  R
> & {
  /** Props whose values the options depend on; a UI reloads the options when they change. */
  readonly refreshers: readonly string[];
  readonly options: OptionsLoader<T>;
};
export type MultiSelectDropdownProperty<T extends DropdownValue, R extends boolean> = BaseProperty<
  "MULTI_SELECT_DROPDOWN",
  T[],
  R
> & {
  readonly refreshers: readonly string[];
  readonly options: readonly DropdownOption<T>[] | OptionsLoader<T>;
};
export type JsonProperty<R extends boolean> = BaseProperty<"JSON", unknown, R>;
export type ArrayProperty<TItem, R extends boolean> = BaseProperty<"ARRAY", TItem[], R> & {
  /** Validates each item; without it, items are any JSON values. */
  readonly items?: ArrayItemProperty;
};
export type FileProperty<R extends boolean> = BaseProperty<"FILE", ConnectorFile, R>;

/** The props an array may hold: scalar ones. */
export type ArrayItemProperty =
  | ShortTextProperty<boolean>
  | LongTextProperty<boolean>
  | NumberProperty<boolean>
  | CheckboxProperty<boolean>
  | DateTimeProperty<boolean>
  | StaticDropdownProperty<DropdownValue, boolean>
  | JsonProperty<boolean>;

export type AnyProperty =
  | ShortTextProperty<boolean>
  | LongTextProperty<boolean>
  | NumberProperty<boolean>
  | CheckboxProperty<boolean>
  | DateTimeProperty<boolean>
  | StaticDropdownProperty<any, boolean>
  | DropdownProperty<any, boolean>
  | MultiSelectDropdownProperty<any, boolean>
  | JsonProperty<boolean>
  | ArrayProperty<any, boolean>
  | FileProperty<boolean>;

export type PropsDefinition = Record<string, AnyProperty>;

type ValueOf<P> = P extends { readonly __value?: infer V } ? V : never;
type IsRequired<P> = P extends { readonly required: true } ? true : false;
/** Whether `run` always sees a value: the prop is required, or has a `defaultValue`. */
type IsSet<P> =
  IsRequired<P> extends true ? true : P extends { readonly defaultValue: unknown } ? true : false;

/**
 * What a constructor given a `defaultValue` adds to its prop's type: the default is always there,
 * so `run` sees the prop as set.
 */
export type WithDefault<D, TValue> = [D] extends [undefined]
  ? unknown
  : { readonly defaultValue: TValue };

/**
 * The values `run` receives: required props and props with a default are always set, the others
 * may be undefined.
 */
export type PropsValue<P extends PropsDefinition> = {
  [K in keyof P]: IsSet<P[K]> extends true ? ValueOf<P[K]> : ValueOf<P[K]> | undefined;
};

type InputOf<P> = P extends FileProperty<boolean> ? ConnectorFileInput : ValueOf<P>;
type RequiredKeys<P extends PropsDefinition> = {
  [K in keyof P]: IsRequired<P[K]> extends true ? K : never;
}[keyof P];
type OptionalKeys<P extends PropsDefinition> = Exclude<keyof P, RequiredKeys<P>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What a caller passes: required props must be given, the others may be left out. */
export type PropsInput<P extends PropsDefinition> = Simplify<
  { [K in RequiredKeys<P>]: InputOf<P[K]> } & { [K in OptionalKeys<P>]?: InputOf<P[K]> | null }
>;

function base<TType extends PropertyType, TValue, R extends boolean>(
  type: TType,
  config: PropertyConfig<TValue, R>,
) {
  return {
    type,
    displayName: config.displayName,
    ...(config.description === undefined ? {} : { description: config.description }),
    required: (config.required ?? false) as R,
    ...(config.defaultValue === undefined ? {} : { defaultValue: config.defaultValue }),
  };
}

/**
 * Input property constructors. `required: true` makes the value non-optional in
 * `context.propsValue`; `defaultValue` is applied when the caller gives none.
 */
export const Property = {
  /** A single line of text. */
  ShortText<const R extends boolean = false, const D extends string | undefined = undefined>(
    config: PropertyConfig<string, R> & { defaultValue?: D },
  ): ShortTextProperty<R> & WithDefault<D, string> {
    return base("SHORT_TEXT", config) as ShortTextProperty<R> & WithDefault<D, string>;
  },
  /** Multi-line text, e.g. a message body. */
  LongText<const R extends boolean = false, const D extends string | undefined = undefined>(
    config: PropertyConfig<string, R> & { defaultValue?: D },
  ): LongTextProperty<R> & WithDefault<D, string> {
    return base("LONG_TEXT", config) as LongTextProperty<R> & WithDefault<D, string>;
  },
  /** A finite number, optionally an integer within bounds. */
  Number<const R extends boolean = false, const D extends number | undefined = undefined>(
    config: PropertyConfig<number, R> & {
      defaultValue?: D;
      min?: number;
      max?: number;
      integer?: boolean;
    },
  ): NumberProperty<R> & WithDefault<D, number> {
    return {
      ...base("NUMBER", config),
      ...(config.min === undefined ? {} : { min: config.min }),
      ...(config.max === undefined ? {} : { max: config.max }),
      ...(config.integer === undefined ? {} : { integer: config.integer }),
    } as NumberProperty<R> & WithDefault<D, number>;
  },
  /** A true/false switch. */
  Checkbox<const R extends boolean = false, const D extends boolean | undefined = undefined>(
    config: PropertyConfig<boolean, R> & { defaultValue?: D },
  ): CheckboxProperty<R> & WithDefault<D, boolean> {
    return base("CHECKBOX", config) as CheckboxProperty<R> & WithDefault<D, boolean>;
  },
  /** A point in time, given as an ISO 8601 string (or anything `Date` parses unambiguously). */
  DateTime<const R extends boolean = false, const D extends string | undefined = undefined>(
    config: PropertyConfig<string, R> & { defaultValue?: D },
  ): DateTimeProperty<R> & WithDefault<D, string> {
    return base("DATE_TIME", config) as DateTimeProperty<R> & WithDefault<D, string>;
  },
  /** One choice from a fixed list. */
  StaticDropdown<
    const T extends DropdownValue,
    const R extends boolean = false,
    const D extends T | undefined = undefined,
  >(
    config: PropertyConfig<T, R> & { defaultValue?: D; options: readonly DropdownOption<T>[] },
  ): StaticDropdownProperty<T, R> & WithDefault<D, T> {
    return {
      ...base("STATIC_DROPDOWN", config),
      options: config.options,
    } as StaticDropdownProperty<T, R> & WithDefault<D, T>;
  },
  /**
   * One choice from a list loaded from the provider's API with the connected account, e.g. a
   * channel or a repository. `refreshers` names the props the list depends on.
   */
  Dropdown<T extends DropdownValue = string, const R extends boolean = false>(
    config: PropertyConfig<T, R> & { refreshers?: readonly string[]; options: OptionsLoader<T> },
  ): DropdownProperty<T, R> {
    return {
      ...base("DROPDOWN", config),
      refreshers: config.refreshers ?? [],
      options: config.options,
    };
  },
  /** Several choices, from a fixed list or one loaded from the API. */
  MultiSelectDropdown<T extends DropdownValue = string, const R extends boolean = false>(
    config: PropertyConfig<T[], R> & {
      refreshers?: readonly string[];
      options: readonly DropdownOption<T>[] | OptionsLoader<T>;
    },
  ): MultiSelectDropdownProperty<T, R> {
    return {
      ...base("MULTI_SELECT_DROPDOWN", config),
      refreshers: config.refreshers ?? [],
      options: config.options,
    };
  },
  /** Any JSON object or array (a JSON string is parsed). */
  Json<const R extends boolean = false>(config: PropertyConfig<unknown, R>): JsonProperty<R> {
    return base("JSON", config);
  },
  /** A list; with `items`, each entry is validated as that prop. */
  Array<TItem extends ArrayItemProperty | undefined = undefined, const R extends boolean = false>(
    config: PropertyConfig<unknown[], R> & { items?: TItem },
  ): ArrayProperty<TItem extends ArrayItemProperty ? NonNullable<ValueOf<TItem>> : unknown, R> {
    return {
      ...base("ARRAY", config as PropertyConfig<never[], R>),
      ...(config.items === undefined ? {} : { items: config.items }),
    };
  },
  /** A file: bytes and a name (base64 text is accepted from JSON callers). */
  File<const R extends boolean = false>(
    config: Omit<PropertyConfig<never, R>, "defaultValue">,
  ): FileProperty<R> {
    return base("FILE", config);
  },
};
