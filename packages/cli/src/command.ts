import type { ParseArgsConfig } from "node:util";
import type { Style } from "./output";

/** Where a command writes, and the folder it runs in. */
export interface CliIo {
  stdout: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
  /** Environment variables; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Exit codes, documented in the README. */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

/** What a command's `run` receives: its parsed arguments and where to write. */
export interface CommandContext {
  io: CliIo;
  /** Colours for stdout (only on a terminal). */
  style: Style;
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  env: Record<string, string | undefined>;
}

/** One `triggo <command>`: its options, its help (with an example) and what it does. */
export interface Command {
  name: string;
  /** One line for `triggo --help`. */
  summary: string;
  /** The usage line shown in `triggo --help`. */
  usage: string;
  /** The full `triggo <command> --help` text; it ends with an example. */
  help: string;
  /** Options besides `--help` and `--json`. */
  options?: NonNullable<ParseArgsConfig["options"]>;
  run(context: CommandContext): Promise<number>;
}

/** The string value of an option, if given. */
export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === "string" ? value : undefined;
}

/** The values of an option that may be repeated. */
export function stringOptions(context: CommandContext, name: string): string[] {
  const value = context.values[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? [value] : [];
}

/** Writes `value` as indented JSON to stdout. */
export function writeJson(context: CommandContext, value: unknown): void {
  context.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
