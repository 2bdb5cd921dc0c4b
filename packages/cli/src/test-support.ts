import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo this package sits in, for its built packages and tools. */
export const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
/** The built binary the tests run. */
export const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const fixtures = fileURLToPath(new URL("../fixtures", import.meta.url));

/** What a run of the built binary printed, and its exit code. */
export interface TriggoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of child processes: no colour, and nothing of the parent vitest. */
export function childEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("VITEST") && !key.startsWith("TRIGGO_") && key !== "NODE_ENV") {
      environment[key] = value;
    }
  }
  return { ...environment, ...extra };
}

/** Runs a program and collects its output, without blocking this process (servers keep answering). */
export function execute(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<TriggoResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: childEnvironment(options.env) });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the built `triggo` binary (`node dist/bin.js`). */
export function triggo(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<TriggoResult> {
  return execute(process.execPath, [bin, ...args], options);
}

/** A fixture folder under packages/cli/fixtures. */
export function fixture(name: string): string {
  return join(fixtures, name);
}

/** Links `target` into `<directory>/node_modules/<name>`. */
function link(directory: string, name: string, target: string): void {
  const path = join(directory, "node_modules", name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(realpathSync(target), path, "dir");
}

/**
 * A temporary copy of a fixture workspace (or an empty one) whose node_modules holds what a
 * connector needs: the workspace's SDK, shared and testing packages, zod, msw, vitest, tsup,
 * TypeScript and Node's types; with the root's tsconfig and tsup bases and LICENSE.
 */
export function temporaryWorkspace(fixtureName?: string): string {
  const testingBuild = join(repositoryRoot, "packages", "testing", "dist", "index.js");
  if (!existsSync(testingBuild)) {
    throw new Error("These tests use the built @triggo/testing: run pnpm build first.");
  }
  const directory = mkdtempSync(join(tmpdir(), "triggo-cli-"));
  if (fixtureName) cpSync(fixture(fixtureName), directory, { recursive: true });
  else cpSync(fixture("workspace/pnpm-workspace.yaml"), join(directory, "pnpm-workspace.yaml"));
  for (const file of [
    "tsconfig.base.json",
    "tsup.config.base.ts",
    "LICENSE",
    "scripts/esm-entry.mjs",
  ]) {
    cpSync(join(repositoryRoot, file), join(directory, file));
  }
  const packages = join(repositoryRoot, "packages");
  link(directory, "@triggo/connector-sdk", join(packages, "connector-sdk"));
  link(directory, "@triggo/shared", join(packages, "shared"));
  link(directory, "@triggo/testing", join(packages, "testing"));
  link(directory, "zod", join(packages, "connector-sdk", "node_modules", "zod"));
  for (const name of ["msw", "vitest", "tsup", "typescript", "@types/node"]) {
    link(directory, name, join(repositoryRoot, "node_modules", name));
  }
  return directory;
}

/** Builds a scaffolded connector as its build script does: tsup, then the ESM entry. */
export async function buildConnector(
  directory: string,
): Promise<{ code: number | null; stderr: string }> {
  const bundled = await execute(tool("tsup"), [], { cwd: directory });
  if (bundled.code !== 0) return bundled;
  return execute(process.execPath, [join(directory, "../../scripts/esm-entry.mjs")], {
    cwd: directory,
  });
}

/** A tool of the monorepo (tsup, tsc, vitest), by its node_modules/.bin name. */
export function tool(name: string): string {
  return join(repositoryRoot, "node_modules", ".bin", name);
}
