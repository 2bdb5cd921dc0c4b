import { join } from "node:path";
import { type Command, stringOption } from "../command";
import { discoverConnectors, findWorkspaceRoot } from "../discover";

/** `triggo dev`: the runtime on this machine, with every connector this project can see. */
export const devCommand: Command = {
  name: "dev",
  summary: "run every connector in a local runtime: API, webhook ingress, polling",
  usage: "dev [--port n] [--data-dir dir]",
  help: `triggo dev [--port n] [--data-dir dir]

Starts the Triggo runtime on this machine with every connector it finds (the workspace's
connectors/, or the @triggo/connector-* packages installed here): the management API under
/api (Authorization: Bearer <key>), webhook ingress at /webhooks/{triggerId} and
/webhooks/apps/{connector}, the polling scheduler and outbound delivery to the endpoints
registered with the runtime. Data lives in an embedded database
(PGlite) under --data-dir (default .triggo/data at the workspace root). It runs until Ctrl-C.

Environment: TRIGGO_API_KEY (else a key is generated and printed once), TRIGGO_ENCRYPTION_KEY
(else a development key is kept next to the data), TRIGGO_PUBLIC_URL (the address providers
reach, e.g. a tunnel), TRIGGO_PORT or PORT (default 3000).

Example:
  triggo dev --port 3000   # TRIGGO_PUBLIC_URL=https://my-tunnel.example for providers
`,
  options: { port: { type: "string" }, "data-dir": { type: "string" } },
  async run(context) {
    const portText = stringOption(context, "port");
    const port = portText === undefined ? undefined : Number(portText);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new Error(`--port must be a number from 0 to 65535; got ${JSON.stringify(portText)}.`);
    }
    const root = findWorkspaceRoot(context.io.cwd) ?? context.io.cwd;
    const dataDir = stringOption(context, "data-dir") ?? join(root, ".triggo", "data");
    const found = await discoverConnectors(context.io.cwd, (directory, error) => {
      context.io.stderr.write(`triggo: skipped ${directory}: ${error.message}\n`);
    });
    if (found.length === 0) {
      throw new Error(
        "dev found no connectors: run it in the Triggo workspace (after pnpm build) or where @triggo/connector-* packages are installed.",
      );
    }
    // Loaded only here: the other commands never pay for the runtime and its database.
    const { runLocalRuntime } = await import("@triggo/runtime");
    await runLocalRuntime({
      connectors: found.map((item) => item.connector),
      dataDir,
      env: context.env,
      ...(port === undefined ? {} : { port }),
      print: (line) => context.io.stdout.write(`${line}\n`),
    });
    return process.exitCode === 1 ? 1 : 0;
  },
};
