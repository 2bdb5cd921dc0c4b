#!/usr/bin/env node
import { main } from "./cli";

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`triggo: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
