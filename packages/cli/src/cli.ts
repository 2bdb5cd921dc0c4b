import { parseArgs } from "node:util";
import { type CliIo, type Command, EXIT } from "./command";
import { addCommand } from "./commands/add";
import { describeCommand } from "./commands/describe";
import { devCommand } from "./commands/dev";
import { docsCommand } from "./commands/docs";
import { initCommand } from "./commands/init";
import { listCommand } from "./commands/list";
import { runCommand } from "./commands/run";
import { validateCommand } from "./commands/validate";
import { webhookCommand } from "./commands/webhook";
import { UsageError } from "./names";
import { createStyle } from "./output";

export type { CliIo } from "./command";
export { EXIT } from "./command";

/** Every command, in the order `triggo --help` lists them. */
export const COMMANDS: readonly Command[] = [
  listCommand,
  describeCommand,
  initCommand,
  addCommand,
  validateCommand,
  docsCommand,
  runCommand,
  webhookCommand,
  devCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  const usage = COMMANDS.map(
    (command) => `  ${command.usage.padEnd(width)}  ${command.summary}`,
  ).join("\n");
  return `triggo: build, inspect and run Triggo connectors

Usage: triggo <command> [options]

Commands:
${usage}

Options:
  --json   machine-readable output (every command that prints data)
  --help   help for a command, with an example

Exit codes: 0 success, 1 the command failed (or found problems), 2 wrong usage.

Example:
  triggo init connector acme-crm && triggo validate connectors/acme-crm
`;
}

/** Runs `triggo <argv>` and resolves to its exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const fail = (message: string, code: number) => {
    io.stderr.write(`triggo: ${message}\n`);
    return code;
  };
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(mainHelp());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    return fail(
      `unknown command "${name}". Run "triggo --help" for the list of commands.`,
      EXIT.USAGE,
    );
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        ...command.options,
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}. Run "triggo ${name} --help".`, EXIT.USAGE);
  }
  if (parsed.values.help) {
    io.stdout.write(command.help);
    return EXIT.OK;
  }

  try {
    return await command.run({
      io,
      style: createStyle(io.stdout),
      positionals: parsed.positionals,
      values: parsed.values,
      env: io.env ?? process.env,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      return fail(`${error.message} Run "triggo ${name} --help".`, EXIT.USAGE);
    }
    return fail((error as Error).message, EXIT.FAILURE);
  }
}
