/**
 * The release, proven end to end against a real (local) registry: `pnpm test:registry`.
 *
 *   1. installs verdaccio 6 on demand in a temp dir (never a workspace dependency) and starts it
 *      on 127.0.0.1 at a free port, with throwaway storage: @triggo/* is local only (no uplink,
 *      anonymous publish allowed), every other package is proxied to registry.npmjs.org;
 *   2. copies the repository as it is now (tracked and untracked, not ignored files) to a temp
 *      dir, so the working tree is never touched, and installs it;
 *   3. runs the root scripts the release workflow runs: `pnpm version-packages` (bumps,
 *      CHANGELOGs, internal ranges, lockfile) and `pnpm release` (build, check:tarballs,
 *      `changeset publish` through pnpm, which rewrites workspace:^ ranges), with provenance off
 *      (in the copy's publishConfig: npm lets publishConfig win over NPM_CONFIG_PROVENANCE);
 *   4. in a clean temp dir outside the workspace, `npm install`s the Slack, GitHub and Stripe
 *      connectors from the registry one by one and measures the installed footprint; checks that
 *      only the connector, the SDK, shared and their runtime dependencies come along, one copy
 *      of the SDK, no SDK inlined in a connector, and what each extra connector adds;
 *   5. imports each connector in ESM and CJS, type-checks a TypeScript consumer against the
 *      published types (and checks that wrong props fail), and runs one action of each against a
 *      loopback HTTP server; runs the published `triggo list` against the installed connectors;
 *      starts the published runtime (embedded PGlite) with the GitHub connector and checks that
 *      its server answers the API and serves the dashboard;
 *   6. adds a changeset and runs `pnpm release:snapshot canary`: snapshot versions under the
 *      `canary` dist-tag, `latest` untouched, and the canary installs and imports.
 *
 * Always stops verdaccio and removes the temp dir (TRIGGO_KEEP_TMP=1 keeps it). Exits 1 on any
 * failure. TRIGGO_SKIP_PACKAGES=@triggo/cli (comma-separated) leaves packages that cannot be
 * built right now out of the release (made private in the copy). TRIGGO_REGISTRY_SOURCE=head
 * releases the last commit (`git archive HEAD`) with the release tooling from the working tree,
 * for when packages are mid-edit. TRIGGO_MAX_EXTRA_CONNECTOR_KB sets the budget for what an extra
 * connector may add (default 200; see OVER_BUDGET_CEILING_KB).
 */
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const PNPM = ["npx", "-y", "pnpm@10.34.9"];
const VERDACCIO = "verdaccio@6";
const CONNECTORS = ["slack", "github", "stripe"];

/**
 * The installed runtime on embedded PGlite with the installed GitHub connector: its server answers
 * the management API and serves the dashboard's page and script from the installed packages.
 */
const RUNTIME_SMOKE = `
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { github } from "@triggo/connector-github";
import { startLocalRuntime } from "@triggo/runtime";

const dir = mkdtempSync(join(tmpdir(), "triggo-consumer-"));
const key = "trg_registry_test_key";
const local = await startLocalRuntime({
  connectors: [github],
  port: 0,
  dataDir: join(dir, "data"),
  publicUrl: "https://triggers.example.com",
  print: () => undefined,
  env: { TRIGGO_API_KEY: key },
});
try {
  const check = (condition, message) => {
    if (!condition) throw new Error(message);
  };
  const type = await fetch(local.url + "/api/trigger-types/GITHUB_COMMIT_EVENT", {
    headers: { authorization: "Bearer " + key },
  }).then((response) => response.json());
  check(type.slug === "GITHUB_NEW_COMMIT", "trigger type: " + JSON.stringify(type).slice(0, 300));
  const page = await fetch(local.url + "/");
  const html = await page.text();
  check(page.status === 200 && html.includes("/assets/app.js"), "dashboard page: " + page.status);
  const script = await fetch(local.url + "/assets/app.js");
  check(script.status === 200 && (await script.text()).length > 1000, "dashboard script: " + script.status);
  console.log("runtime " + local.url + ": GITHUB_COMMIT_EVENT resolves to " + type.slug + "; the dashboard's page and script are served");
} finally {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
}
`;
/** Third-party packages a connector may bring at run time (the SDK's and shared's dependencies). */
const ALLOWED_THIRD_PARTY = new Set(["zod", "undici"]);
/** Packages that must never reach a user's node_modules through a connector. */
const FORBIDDEN =
  /^(msw|vitest|vite|@vitest\/.*|@triggo\/testing|@triggo\/cli|typescript|tsup|esbuild|ajv|@types\/.*|@mswjs\/.*)$/;
const MAX_EXTRA_CONNECTOR_KB = Number(process.env.TRIGGO_MAX_EXTRA_CONNECTOR_KB ?? 200);
/**
 * Connectors allowed over that budget, with a ceiling they must not grow past: a ratchet,
 * reported as OVER BUDGET on every run. Empty since libraries ship one CommonJS build with an
 * ESM entry that re-exports it (one copy of the code and of the declarations).
 */
const OVER_BUDGET_CEILING_KB = {};
const SNAPSHOT_TAG = "canary";
const OVERALL_TIMEOUT_MS = 9 * 60_000;
const skipPackages = (process.env.TRIGGO_SKIP_PACKAGES ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean);

const started = performance.now();
const tmp = mkdtempSync(join(tmpdir(), "triggo-registry-"));
const timings = [];
const findings = [];
let verdaccio;
/** Process groups of the commands running now: killed with verdaccio on an interrupt. */
const running = new Set();
let stepNumber = 0;

// ---------------------------------------------------------------------------------------------
// Plumbing: steps, commands, cleanup

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

class StepFailure extends Error {}

function fail(message) {
  throw new StepFailure(message);
}

function assert(condition, message) {
  if (!condition) fail(message);
}

async function step(title, fn) {
  stepNumber++;
  console.log(`\n[${stepNumber}] ${title}`);
  const t0 = performance.now();
  const result = await fn();
  const took = performance.now() - t0;
  timings.push([title, took]);
  console.log(`    done in ${seconds(took)}`);
  return result;
}

function info(line) {
  console.log(`    ${line}`);
}

/**
 * Runs a command in its own process group (so a timeout kills pnpm, turbo and tsup under it),
 * captures its output and fails with the tail of it on a non-zero exit.
 */
function run(cmd, args, { cwd, env = {}, timeoutMs = 120_000, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...baseEnv(), ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child.pid);
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(
        new StepFailure(
          `\`${cmd} ${args.join(" ")}\` timed out after ${seconds(timeoutMs)} in ${cwd}\n${tail(output)}`,
        ),
      );
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new StepFailure(`\`${cmd}\` could not start: ${error.message}`));
    });
    child.on("close", (code) => {
      running.delete(child.pid);
      clearTimeout(timer);
      if (code === 0 || allowFailure) resolve({ code, output });
      else {
        reject(
          new StepFailure(
            `\`${cmd} ${args.join(" ")}\` exited with ${code} in ${cwd}\n${tail(output)}`,
          ),
        );
      }
    });
  });
}

function tail(output, lines = 40) {
  return output
    .trimEnd()
    .split("\n")
    .slice(-lines)
    .map((line) => `      | ${line}`)
    .join("\n");
}

/** The environment of every command: no telemetry, no update notices, no inherited registry. */
function baseEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(registry|userconfig|provenance|@)/i.test(key)) delete env[key];
    if (/^npm_(lifecycle|package)_/i.test(key)) delete env[key];
  }
  return {
    ...env,
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
}

function killGroup(pid) {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

let cleanedUp = false;
function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const pid of running) killGroup(pid);
  if (verdaccio?.pid) {
    killGroup(verdaccio.pid);
    console.log(`\nverdaccio (pid ${verdaccio.pid}) stopped.`);
  }
  if (process.env.TRIGGO_KEEP_TMP === "1") console.log(`Kept the temp dir: ${tmp}`);
  else {
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    console.log(`Removed the temp dir ${tmp}.`);
  }
}
process.on("exit", cleanup);

/** Stops verdaccio and waits for it to exit (at most 5 s), before the synchronous cleanup. */
async function stopVerdaccio() {
  if (!verdaccio?.pid || verdaccio.exitCode !== null || verdaccio.signalCode !== null) return;
  const exited = new Promise((resolve) => verdaccio.once("exit", resolve));
  try {
    process.kill(-verdaccio.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => killGroup(verdaccio.pid), 5000);
  await exited;
  clearTimeout(timer);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.error(`\nregistry test: interrupted (${signal}).`);
    cleanup();
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`\nregistry test: FAILED: took longer than ${seconds(OVERALL_TIMEOUT_MS)}.`);
  cleanup();
  process.exit(1);
}, OVERALL_TIMEOUT_MS).unref();

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The registry

async function installVerdaccio() {
  const dir = join(tmp, "verdaccio");
  mkdirSync(dir);
  // verdaccio 6 depends on a node-fetch dist-tag this registry lacks: pin the 2.x it works with.
  writeJson(join(dir, "package.json"), {
    name: "triggo-registry-test-verdaccio",
    private: true,
    overrides: { "node-fetch": "2.7.0" },
  });
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      "--registry=https://registry.npmjs.org/",
      VERDACCIO,
    ],
    { cwd: dir, timeoutMs: 240_000 },
  );
  const version = readJson(join(dir, "node_modules", "verdaccio", "package.json")).version;
  info(`verdaccio ${version} installed in ${dir}`);
  return join(dir, "node_modules", "verdaccio", "bin", "verdaccio");
}

async function startVerdaccio(bin) {
  const port = await freePort();
  const registry = `http://127.0.0.1:${port}/`;
  const config = join(tmp, "verdaccio", "config.yaml");
  writeFileSync(
    config,
    `# Throwaway registry for scripts/registry-test.mjs: loopback only, storage in a temp dir.
storage: ${JSON.stringify(join(tmp, "storage"))}
listen: 127.0.0.1:${port}
auth:
  htpasswd:
    file: ${JSON.stringify(join(tmp, "htpasswd"))}
    max_users: 10
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
    max_fails: 5
    cache: true
packages:
  # Ours: published here only, never looked up on the internet; anyone may publish.
  "@triggo/*":
    access: $all
    publish: $all
    unpublish: $all
  # Everything else (zod, undici, typescript): proxied to npm.
  "**":
    access: $all
    publish: $authenticated
    proxy: npmjs
web:
  enable: false
middlewares:
  audit:
    enabled: false
log:
  type: stdout
  format: pretty
  level: warn
`,
  );
  const log = join(tmp, "verdaccio.log");
  let logText = "";
  verdaccio = spawn(process.execPath, [bin, "--config", config], {
    cwd: join(tmp, "verdaccio"),
    env: baseEnv(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk) => {
    logText += chunk;
    if (logText.length > 200_000) logText = logText.slice(-100_000);
    writeFileSync(log, logText);
  };
  verdaccio.stdout.on("data", keep);
  verdaccio.stderr.on("data", keep);
  let exited = null;
  verdaccio.on("exit", (code) => {
    exited = code;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited !== null) fail(`verdaccio exited with ${exited} on start:\n${tail(logText)}`);
    try {
      const response = await fetch(`${registry}-/ping`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) {
        info(`verdaccio (pid ${verdaccio.pid}) answers at ${registry}`);
        return { registry, port, logText: () => logText };
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`verdaccio did not answer ${registry}-/ping within 30s:\n${tail(logText)}`);
}

/** A user on the throwaway registry: npm refuses to publish without a token for it. */
async function createToken(registry) {
  const name = "triggo-ci";
  const response = await fetch(`${registry}-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: `pw-${process.pid}-${Date.now()}`, type: "user" }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.json().catch(() => ({}));
  assert(
    response.ok && body.token,
    `could not create a registry user: ${response.status} ${JSON.stringify(body)}`,
  );
  return body.token;
}

async function registryManifest(registry, name) {
  const response = await fetch(`${registry}${name.replace("/", "%2f")}`, {
    signal: AbortSignal.timeout(10_000),
  });
  assert(response.ok, `${name} is not on the registry (${response.status})`);
  return response.json();
}

// ---------------------------------------------------------------------------------------------
// The repository copy

/** The release tooling: taken from the working tree even when the packages come from HEAD. */
const TOOLING = /^(package\.json|scripts\/.*|\.changeset\/config\.json|turbo\.json)$/;

/**
 * Tracked and untracked-but-not-ignored files: the repository as the next commit would be.
 * With TRIGGO_REGISTRY_SOURCE=head, the committed tree instead (`git archive HEAD`), plus the
 * release tooling from the working tree: for when packages are mid-edit.
 */
async function copyRepository(target) {
  const fromHead = process.env.TRIGGO_REGISTRY_SOURCE === "head";
  if (fromHead) {
    mkdirSync(target, { recursive: true });
    const archive = join(tmp, "head.tar");
    await run("git", ["archive", "--format=tar", "-o", archive, "HEAD"], { cwd: root });
    await run("tar", ["-xf", archive, "-C", target], { cwd: root });
    const { output: head } = await run("git", ["rev-parse", "--short", "HEAD"], { cwd: root });
    info(`packages from HEAD (${head.trim()}), release tooling from the working tree`);
  }
  const { output } = await run(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: root,
    },
  );
  let count = 0;
  for (const path of new Set(output.split("\0").filter(Boolean))) {
    if (fromHead && !TOOLING.test(path)) continue;
    const source = join(root, path);
    if (!existsSync(source) || lstatSync(source).isDirectory()) continue;
    mkdirSync(dirname(join(target, path)), { recursive: true });
    cpSync(source, join(target, path), { verbatimSymlinks: true });
    count++;
  }
  info(`${count} files copied to ${target}`);
}

function workspacePackages(repo) {
  const dirs = [];
  for (const group of ["packages", "connectors"]) {
    for (const entry of readdirSync(join(repo, group), { withFileTypes: true })) {
      const file = join(repo, group, entry.name, "package.json");
      if (entry.isDirectory() && existsSync(file))
        dirs.push({ dir: join(repo, group, entry.name), file });
    }
  }
  return dirs.map(({ dir, file }) => ({ dir, file, manifest: readJson(file) }));
}

// ---------------------------------------------------------------------------------------------
// Footprint

/** Every installed package (nested ones too) under a node_modules dir. */
function installedPackages(nodeModules, found = []) {
  if (!existsSync(nodeModules)) return found;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith("@")) {
      for (const scoped of readdirSync(path, { withFileTypes: true })) {
        addPackage(join(path, scoped.name), found);
      }
    } else addPackage(path, found);
  }
  return found;
}

function addPackage(dir, found) {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return;
  const manifest = readJson(file);
  found.push({ name: manifest.name, version: manifest.version, dir, manifest });
  installedPackages(join(dir, "node_modules"), found);
}

/** Bytes of every regular file under a directory (the apparent size, like `du -sb` of files). */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

function footprint(consumer) {
  const nodeModules = join(consumer, "node_modules");
  const packages = installedPackages(nodeModules);
  return { packages, count: packages.length, bytes: bytesUnder(nodeModules) };
}

/** The packages reachable from the consumer's dependencies through `dependencies` only. */
function checkClosure(consumer, packages) {
  const byName = new Map();
  for (const pkg of packages) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  const reachable = new Set();
  const queue = Object.keys(readJson(join(consumer, "package.json")).dependencies ?? {});
  while (queue.length > 0) {
    const name = queue.shift();
    if (reachable.has(name)) continue;
    reachable.add(name);
    for (const pkg of byName.get(name) ?? []) {
      queue.push(...Object.keys(pkg.manifest.dependencies ?? {}));
    }
  }
  const problems = [];
  for (const pkg of packages) {
    if (FORBIDDEN.test(pkg.name))
      problems.push(`${pkg.name}@${pkg.version} must not be installed with a connector`);
    else if (!reachable.has(pkg.name)) {
      problems.push(
        `${pkg.name}@${pkg.version} is installed but no runtime dependency asks for it (a peer or optional dependency?)`,
      );
    } else if (!pkg.name.startsWith("@triggo/") && !ALLOWED_THIRD_PARTY.has(pkg.name)) {
      problems.push(
        `${pkg.name}@${pkg.version} is a new runtime dependency (allowed: ${[...ALLOWED_THIRD_PARTY].join(", ")}); if intended, add it to ALLOWED_THIRD_PARTY in scripts/registry-test.mjs`,
      );
    }
  }
  for (const [name, copies] of byName) {
    if (copies.length > 1) {
      problems.push(
        `${copies.length} copies of ${name}: ${copies.map((pkg) => pkg.version).join(", ")}`,
      );
    }
  }
  return problems;
}

/** A connector's dist must import the SDK and shared, never carry its own copy. */
function checkNotInlined(consumer, connector) {
  const dir = join(consumer, "node_modules", "@triggo", `connector-${connector}`, "dist");
  const problems = [];
  const esm = readFileSync(join(dir, "index.js"), "utf8");
  const cjs = readFileSync(join(dir, "index.cjs"), "utf8");
  // The ESM entry re-exports the CommonJS build (libraryConfig): one module for both.
  if (!esm.includes('createRequire(import.meta.url)("./index.cjs")') || esm.length > 4000)
    problems.push("dist/index.js is not the ESM entry that re-exports ./index.cjs");
  if (!/require\(['"]@triggo\/connector-sdk['"]\)/.test(cjs))
    problems.push("dist/index.cjs does not require @triggo/connector-sdk");
  for (const [file, text] of [
    ["dist/index.js", esm],
    ["dist/index.cjs", cjs],
  ]) {
    const inlined = text.match(
      /^\/\/ (?:\.\.\/)+(?:packages\/[\w-]+|node_modules\/(?:\.pnpm\/)?[^\s/]+)[^\n]*/m,
    );
    if (inlined) problems.push(`${file} inlines another package's source (${inlined[0]})`);
    if (/\bfunction (createConnector|createAction|createTrigger)\(/.test(text)) {
      problems.push(`${file} defines the SDK's createConnector/createAction itself`);
    }
  }
  return problems.map((problem) => `@triggo/connector-${connector}: ${problem}`);
}

// ---------------------------------------------------------------------------------------------
// The consumer's files

const CONSUMER_TS = `import { slack, type SlackPostedMessage } from "@triggo/connector-slack";
import { github, type GitHubIssue } from "@triggo/connector-github";
import { stripe, type StripeCustomer } from "@triggo/connector-stripe";

// Types only: compiled with tsc --noEmit against the published declarations, never run.
export async function consumer(): Promise<string> {
  const sent: SlackPostedMessage = await slack
    .init({ auth: "xoxb-test" })
    .actions.send_message({ channel: "C1", text: "hi" });
  const threaded = await slack
    .init({ auth: "xoxb-test" })
    .actions.send_message({ channel: "C1", text: "reply", thread_ts: sent.ts, reply_broadcast: true });
  const issue: GitHubIssue = await github
    .init({ auth: "ghp_test", baseUrl: "http://127.0.0.1:1" })
    .actions.get_issue({ owner: "octocat", repo: "Hello-World", issue_number: 1347 });
  const number: number = issue.number;
  const customer: StripeCustomer = await stripe
    .init({ auth: { apiKey: "sk_test_123" } })
    .actions.get_customer({ customer: "cus_123" });
  const id: string = customer.id;
  return \`\${threaded.ts} \${number} \${id}\`;
}
`;

const CONSUMER_CTS = `import { github } from "@triggo/connector-github";
import slackPackage = require("@triggo/connector-slack");

// The same, resolved as CommonJS (require conditions, .d.cts declarations).
export async function consumerCjs(): Promise<number> {
  await slackPackage.slack.init({ auth: "xoxb-test" }).actions.send_message({ channel: "C1", text: "hi" });
  const issue = await github
    .init({ auth: "ghp_test" })
    .actions.get_issue({ owner: "octocat", repo: "Hello-World", issue_number: 1 });
  return issue.number;
}
`;

/** Each line marked WRONG must be reported by tsc. */
const WRONG_TS = `import { slack } from "@triggo/connector-slack";
import { github } from "@triggo/connector-github";
import { stripe } from "@triggo/connector-stripe";

export async function wrong(): Promise<void> {
  const client = slack.init({ auth: "xoxb-test" });
  await client.actions.send_message({ channel: "C1", txt: "hi" }); // WRONG: unknown prop txt
  await github.init({ auth: "ghp_test" }).actions.get_issue({ owner: "o", repo: "r", issue_number: "1" }); // WRONG: issue_number is a number
  await stripe.init({ auth: { apiKey: "sk_test_1" } }).actions.get_customer({}); // WRONG: customer is required
  await stripe.init({ auth: "sk_test_1" }).actions.get_customer({ customer: "cus_1" }); // WRONG: auth is { apiKey }
  await client.actions.no_such_action({}); // WRONG: unknown action
}
`;

/** A strict Node consumer; `nodeTypes: false` is one without @types/node (skipLibCheck on). */
const TSCONFIG = (files, { nodeTypes = true } = {}) => ({
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    skipLibCheck: !nodeTypes,
    types: nodeTypes ? ["node"] : [],
    lib: ["ES2022"],
  },
  files,
});

const IMPORT_ESM = `import { slack } from "@triggo/connector-slack";
import { github } from "@triggo/connector-github";
import { stripe } from "@triggo/connector-stripe";
const auth = { slack: "xoxb-test", github: "ghp_test", stripe: { apiKey: "sk_test_123" } };
for (const [name, connector] of Object.entries({ slack, github, stripe })) {
  if (connector.name !== name || typeof connector.init !== "function") throw new Error(\`ESM: \${name} is not a connector\`);
  const client = connector.init({ auth: auth[name] });
  console.log(\`ESM  \${name}: \${Object.keys(client.actions).length} actions, \${Object.keys(client.triggers ?? {}).length} triggers\`);
}
`;

const IMPORT_CJS = `const { slack } = require("@triggo/connector-slack");
const { github } = require("@triggo/connector-github");
const { stripe } = require("@triggo/connector-stripe");
const auth = { slack: "xoxb-test", github: "ghp_test", stripe: { apiKey: "sk_test_123" } };
for (const [name, connector] of Object.entries({ slack, github, stripe })) {
  if (connector.name !== name || typeof connector.init !== "function") throw new Error(\`CJS: \${name} is not a connector\`);
  const client = connector.init({ auth: auth[name] });
  console.log(\`CJS  \${name}: \${Object.keys(client.actions).length} actions, \${Object.keys(client.triggers ?? {}).length} triggers\`);
}
`;

/**
 * One action per connector against a loopback server that answers with the connectors' own
 * fixtures; checks the request (method, path, Authorization, body) and the mapped result.
 * Written as a module that both the ESM and the CJS runner load.
 */
const LOOPBACK = `const http = require("node:http");
const fs = require("node:fs");
const assert = require("node:assert/strict");

module.exports = async function loopback(label, { slack, github, stripe }, fixtures) {
  const requests = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      const routes = {
        "GET /repos/octocat/Hello-World/issues/1347": fixtures.issue,
        "POST /chat.postMessage": fixtures.slackMessage,
        "GET /v1/customers/cus_NffrFeUfNV2Hib": fixtures.customer,
      };
      const answer = routes[\`\${request.method} \${request.url}\`];
      response.writeHead(answer ? 200 : 404, { "content-type": "application/json" });
      response.end(answer ? fs.readFileSync(answer) : JSON.stringify({ message: "Not Found" }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = \`http://127.0.0.1:\${server.address().port}\`;
  const options = { baseUrl, retry: false, timeoutMs: 5000 };
  try {
    const issue = await github
      .init({ auth: "ghp_test", ...options })
      .actions.get_issue({ owner: "octocat", repo: "Hello-World", issue_number: 1347 });
    let request = requests.at(-1);
    assert.equal(request.method, "GET");
    assert.equal(request.url, "/repos/octocat/Hello-World/issues/1347");
    assert.equal(request.headers.authorization, "Bearer ghp_test");
    assert.equal(issue.number, 1347);
    assert.equal(issue.title, "Found a bug");
    assert.equal(issue.user.login, "octocat");
    console.log(\`\${label} github.get_issue  -> GET \${request.url} (Authorization: Bearer ghp_test) -> #\${issue.number} "\${issue.title}"\`);

    const message = await slack
      .init({ auth: "xoxb-test", ...options })
      .actions.send_message({ channel: "C1", text: "hi" });
    request = requests.at(-1);
    assert.equal(request.method, "POST");
    assert.equal(request.url, "/chat.postMessage");
    assert.equal(request.headers.authorization, "Bearer xoxb-test");
    assert.deepEqual(JSON.parse(request.body), { channel: "C1", text: "hi" });
    assert.equal(message.ok, true);
    assert.equal(message.ts, "1503435956.000247");
    console.log(\`\${label} slack.send_message -> POST \${request.url} \${request.body} -> ts \${message.ts}\`);

    const customer = await stripe
      .init({ auth: { apiKey: "sk_test_123" }, ...options })
      .actions.get_customer({ customer: "cus_NffrFeUfNV2Hib" });
    request = requests.at(-1);
    assert.equal(request.method, "GET");
    assert.equal(request.url, "/v1/customers/cus_NffrFeUfNV2Hib");
    assert.equal(request.headers.authorization, "Bearer sk_test_123");
    assert.ok(request.headers["stripe-version"], "Stripe-Version header");
    assert.equal(customer.id, "cus_NffrFeUfNV2Hib");
    assert.equal(customer.email, "jennyrosen@example.com");
    console.log(\`\${label} stripe.get_customer -> GET \${request.url} (Stripe-Version \${request.headers["stripe-version"]}) -> \${customer.email}\`);

    let notFound;
    try {
      await github
        .init({ auth: "ghp_test", ...options })
        .actions.get_issue({ owner: "octocat", repo: "Hello-World", issue_number: 9 });
    } catch (error) {
      notFound = error;
    }
    assert.equal(notFound?.code, "NOT_FOUND", "a 404 is a ConnectorError with code NOT_FOUND");
    console.log(\`\${label} github.get_issue #9 -> 404 -> ConnectorError \${notFound.code}\`);
  } finally {
    server.close();
  }
};
`;

// ---------------------------------------------------------------------------------------------
// The test

async function main() {
  console.log(`registry test: node ${process.version}, temp dir ${tmp}`);
  const repo = join(tmp, "repo");
  const npmrc = join(tmp, "publish.npmrc");

  const bin = await step(
    `Install ${VERDACCIO} on demand (not a workspace dependency)`,
    installVerdaccio,
  );
  const { registry, port } = await step("Start verdaccio on loopback with throwaway storage", () =>
    startVerdaccio(bin),
  );
  const token = await step("Create a throwaway registry user and token", async () => {
    const value = await createToken(registry);
    writeFileSync(npmrc, `registry=${registry}\n//127.0.0.1:${port}/:_authToken=${value}\n`);
    info(`token written to ${npmrc} (temp .npmrc, used only through NPM_CONFIG_USERCONFIG)`);
    return value;
  });
  const publishEnv = {
    npm_config_registry: registry,
    NPM_CONFIG_USERCONFIG: npmrc,
    NPM_CONFIG_PROVENANCE: "false",
    NODE_AUTH_TOKEN: token,
  };

  await step("Copy the repository (tracked and untracked files) to a temp dir", async () => {
    await copyRepository(repo);
    for (const pkg of workspacePackages(repo)) {
      if (!skipPackages.includes(pkg.manifest.name)) continue;
      pkg.manifest.private = true;
      pkg.manifest.scripts = {
        ...pkg.manifest.scripts,
        build: "echo skipped by TRIGGO_SKIP_PACKAGES",
      };
      writeJson(pkg.file, pkg.manifest);
      info(`SKIP ${pkg.manifest.name}: made private in the copy (TRIGGO_SKIP_PACKAGES)`);
    }
    // changeset publish tags the release in git: give the copy its own repository.
    const git = (...args) =>
      run(
        "git",
        ["-c", "user.name=registry-test", "-c", "user.email=registry-test@localhost", ...args],
        {
          cwd: repo,
        },
      );
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("commit", "-q", "--no-verify", "-m", "registry test snapshot");
  });

  await step("pnpm install --frozen-lockfile in the copy", () =>
    run(...pnpmArgs(["install", "--frozen-lockfile", "--prefer-offline"]), {
      cwd: repo,
      timeoutMs: 240_000,
    }),
  );

  const before = new Map(
    workspacePackages(repo).map((pkg) => [pkg.manifest.name, pkg.manifest.version]),
  );
  const publishable = workspacePackages(repo).filter((pkg) => !pkg.manifest.private);

  const planned = await step("pnpm changeset status: the pending changesets", async () => {
    const status = join(tmp, "changeset-status.json");
    await run(...pnpmArgs(["changeset", "status", `--output=${status}`]), { cwd: repo });
    const { changesets, releases } = readJson(status);
    assert(releases.length > 0, "no pending changesets: nothing would be released");
    info(
      `${changesets.length} changesets; releases: ${releases.map((r) => `${r.name} ${r.oldVersion} -> ${r.newVersion} (${r.type})`).join(", ")}`,
    );
    return new Map(releases.map((release) => [release.name, release.newVersion]));
  });

  const versions = await step(
    "pnpm version-packages (changeset version && pnpm install --lockfile-only)",
    async () => {
      await run(...pnpmArgs(["version-packages"]), { cwd: repo, timeoutMs: 180_000 });
      const after = new Map();
      for (const pkg of workspacePackages(repo)) {
        const { name, version, dependencies = {} } = pkg.manifest;
        after.set(name, version);
        if (pkg.manifest.private || !planned.has(name)) continue;
        assert(
          version === planned.get(name),
          `${name} is ${version} after versioning, changeset status planned ${planned.get(name)}`,
        );
        const changelog = join(pkg.dir, "CHANGELOG.md");
        assert(existsSync(changelog), `${name}: no CHANGELOG.md after changeset version`);
        assert(
          readFileSync(changelog, "utf8").includes(`## ${version}`),
          `${name}: CHANGELOG.md lacks "## ${version}"`,
        );
        for (const [dep, range] of Object.entries(dependencies)) {
          if (dep.startsWith("@triggo/")) {
            assert(
              range.startsWith("workspace:"),
              `${name}: ${dep} is "${range}", expected a workspace: range`,
            );
          }
        }
        info(`${name}: ${before.get(name)} -> ${version}, CHANGELOG.md has "## ${version}"`);
      }
      const left = readdirSync(join(repo, ".changeset")).filter(
        (file) => file.endsWith(".md") && file !== "README.md",
      );
      assert(left.length === 0, `changesets left after versioning: ${left.join(", ")}`);
      await run(...pnpmArgs(["install", "--frozen-lockfile", "--offline"]), {
        cwd: repo,
        timeoutMs: 120_000,
      });
      info("lockfile updated: `pnpm install --frozen-lockfile` accepts it");
      return after;
    },
  );

  await step(
    "pnpm release (turbo run build, check:tarballs, changeset publish) to the local registry",
    async () => {
      // npm applies publishConfig over NPM_CONFIG_PROVENANCE from the environment, and provenance
      // needs a CI's OIDC token: turn it off in the copy only (only a --provenance=false flag would
      // win, and changeset publish passes no flags through).
      for (const pkg of publishable) {
        const manifest = readJson(pkg.file);
        if (manifest.publishConfig?.provenance) {
          manifest.publishConfig.provenance = false;
          writeJson(pkg.file, manifest);
        }
      }
      info(
        "publishConfig.provenance set to false in the copy (NPM_CONFIG_PROVENANCE=false alone does not win over it)",
      );
      const { output } = await run(...pnpmArgs(["release"]), {
        cwd: repo,
        env: publishEnv,
        timeoutMs: 300_000,
      });
      const published = output.match(/New tag:\s+\S+/g) ?? [];
      info(`changeset publish: ${published.length} packages tagged`);
      const { output: tags } = await run("git", ["tag", "--list"], { cwd: repo });
      for (const pkg of publishable) {
        const { name } = pkg.manifest;
        const version = versions.get(name);
        const manifest = await registryManifest(registry, name);
        assert(
          manifest["dist-tags"]?.latest === version,
          `${name}: latest is ${manifest["dist-tags"]?.latest}, expected ${version}`,
        );
        const published = manifest.versions[version];
        for (const [dep, range] of Object.entries(published.dependencies ?? {})) {
          assert(
            !range.startsWith("workspace:"),
            `${name}@${version} was published with ${dep}: "${range}" (workspace: not rewritten)`,
          );
          if (dep.startsWith("@triggo/")) {
            assert(
              range === `^${versions.get(dep)}`,
              `${name}@${version}: ${dep} is "${range}", expected "^${versions.get(dep)}"`,
            );
          }
        }
        assert(
          tags.split("\n").includes(`${name}@${version}`),
          `no git tag ${name}@${version} in the copy`,
        );
        const deps = Object.entries(published.dependencies ?? {}).map(
          ([dep, range]) => `${dep} ${range}`,
        );
        info(
          `${name}@${version}: dist-tag latest, git tag in the copy; deps: ${deps.join(", ") || "none"}`,
        );
      }
    },
  );

  const consumer = join(tmp, "consumer");
  const consumerEnv = {
    npm_config_registry: registry,
    NPM_CONFIG_USERCONFIG: join(tmp, "consumer.npmrc"),
  };
  writeFileSync(join(tmp, "consumer.npmrc"), `registry=${registry}\n`);
  const npmInstall = (...specs) =>
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...specs], {
      cwd: consumer,
      env: consumerEnv,
      timeoutMs: 180_000,
    });

  const sizes = await step(
    "npm install the connectors one by one in a clean dir outside the workspace",
    async () => {
      mkdirSync(consumer);
      writeJson(join(consumer, "package.json"), {
        name: "triggo-consumer",
        private: true,
        type: "module",
      });
      const measured = [];
      let previous = { count: 0, bytes: 0, packages: [] };
      for (const connector of CONNECTORS) {
        const name = `@triggo/connector-${connector}`;
        await npmInstall(`${name}@${versions.get(name)}`);
        const now = footprint(consumer);
        const added = now.packages.filter(
          (pkg) => !previous.packages.some((old) => old.dir === pkg.dir),
        );
        measured.push({
          connector,
          ...now,
          addedCount: now.count - previous.count,
          addedBytes: now.bytes - previous.bytes,
          added,
        });
        info(
          `+ ${name}: node_modules now ${now.count} packages, ${kb(now.bytes)} (${mb(now.bytes)}); added ${now.count - previous.count} packages, ${kb(now.bytes - previous.bytes)}: ${added.map((pkg) => `${pkg.name}@${pkg.version}`).join(", ")}`,
        );
        previous = now;
      }
      return measured;
    },
  );

  await step(
    "Footprint: only the connector, the SDK, shared and their runtime dependencies",
    async () => {
      const [first, ...extra] = sizes;
      const firstNames = first.packages.map((pkg) => pkg.name).sort();
      info(
        `one connector (slack): ${first.count} packages, ${first.bytes} bytes (${kb(first.bytes)}): ${first.packages.map((pkg) => `${pkg.name}@${pkg.version}`).join(", ")}`,
      );
      for (const pkg of first.packages)
        info(`  ${pkg.name.padEnd(28)} ${kb(bytesUnder(pkg.dir)).padStart(10)}`);
      const last = sizes.at(-1);
      info(`all three connectors: ${last.count} packages, ${last.bytes} bytes (${kb(last.bytes)})`);
      for (const size of extra) {
        info(
          `+ connector-${size.connector}: +${size.addedCount} package(s), +${size.addedBytes} bytes (+${kb(size.addedBytes)})`,
        );
      }
      const problems = [...checkClosure(consumer, last.packages)];
      for (const required of [
        "@triggo/connector-slack",
        "@triggo/connector-sdk",
        "@triggo/shared",
      ]) {
        if (!firstNames.includes(required))
          problems.push(`${required} is not installed with @triggo/connector-slack`);
      }
      for (const size of extra) {
        const names = size.added.map((pkg) => pkg.name);
        if (names.length !== 1 || names[0] !== `@triggo/connector-${size.connector}`) {
          problems.push(
            `a second connector must add only itself; connector-${size.connector} added: ${names.join(", ")}`,
          );
        }
      }
      // What each connector adds when another one is already installed: its own size.
      for (const connector of CONNECTORS) {
        const name = `@triggo/connector-${connector}`;
        const dir = join(consumer, "node_modules", "@triggo", `connector-${connector}`);
        const bytes = bytesUnder(dir);
        const files = readdirSync(join(dir, "dist")).map(
          (file) => `${file} ${kb(lstatSync(join(dir, "dist", file)).size)}`,
        );
        const ceiling = OVER_BUDGET_CEILING_KB[name];
        if (bytes < MAX_EXTRA_CONNECTOR_KB * 1024) {
          info(
            `${name}: ${kb(bytes)} as an extra connector, within the ${MAX_EXTRA_CONNECTOR_KB} KB budget`,
          );
          if (ceiling) {
            info(`  ${name} is now within budget: remove it from OVER_BUDGET_CEILING_KB`);
          }
        } else if (ceiling && bytes <= ceiling * 1024) {
          info(
            `OVER BUDGET (known, ceiling ${ceiling} KB) ${name}: ${kb(bytes)} as an extra connector, over ${MAX_EXTRA_CONNECTOR_KB} KB (dist: ${files.join(", ")})`,
          );
        } else {
          problems.push(
            `${name} adds ${kb(bytes)} as an extra connector, over the ${ceiling ? `${ceiling} KB ceiling` : `${MAX_EXTRA_CONNECTOR_KB} KB budget`} (dist: ${files.join(", ")})`,
          );
        }
      }
      for (const connector of CONNECTORS) problems.push(...checkNotInlined(consumer, connector));
      if (problems.length > 0) {
        findings.push(...problems);
        for (const problem of problems) info(`PROBLEM ${problem}`);
      } else {
        info(
          "one copy of each package; connectors import the SDK and shared, none inlines them; no problems",
        );
      }
    },
  );

  await step("Import each connector in ESM and CJS", async () => {
    writeFileSync(join(consumer, "import.mjs"), IMPORT_ESM);
    writeFileSync(join(consumer, "import.cjs"), IMPORT_CJS);
    for (const file of ["import.mjs", "import.cjs"]) {
      const { output } = await run(process.execPath, [file], { cwd: consumer, timeoutMs: 30_000 });
      for (const line of output.trim().split("\n")) info(line);
    }
  });

  await step(
    "Run one action of each connector against a loopback HTTP server (ESM and CJS)",
    async () => {
      const fixtures = {
        issue: join(repo, "connectors/github/src/__fixtures__/issue.json"),
        slackMessage: join(repo, "connectors/slack/src/__fixtures__/chat-post-message.json"),
        customer: join(repo, "connectors/stripe/src/__fixtures__/customer.json"),
      };
      writeFileSync(join(consumer, "loopback.cjs"), LOOPBACK);
      const imports = `{ slack, github, stripe }`;
      writeFileSync(
        join(consumer, "run.mjs"),
        `import { createRequire } from "node:module";
import { slack } from "@triggo/connector-slack";
import { github } from "@triggo/connector-github";
import { stripe } from "@triggo/connector-stripe";
const loopback = createRequire(import.meta.url)("./loopback.cjs");
await loopback("ESM", ${imports}, ${JSON.stringify(fixtures)});
`,
      );
      writeFileSync(
        join(consumer, "run.cjs"),
        `const { slack } = require("@triggo/connector-slack");
const { github } = require("@triggo/connector-github");
const { stripe } = require("@triggo/connector-stripe");
require("./loopback.cjs")("CJS", ${imports}, ${JSON.stringify(fixtures)}).catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
      );
      for (const file of ["run.mjs", "run.cjs"]) {
        const { output } = await run(process.execPath, [file], {
          cwd: consumer,
          timeoutMs: 60_000,
        });
        for (const line of output.trim().split("\n")) info(line);
      }
    },
  );

  await step("Type-check a TypeScript consumer against the published types", async () => {
    const devDependencies = readJson(join(root, "package.json")).devDependencies;
    await npmInstall(
      "--no-save",
      `typescript@${devDependencies.typescript}`,
      `@types/node@${devDependencies["@types/node"]}`,
    );
    const tsc = join(consumer, "node_modules", "typescript", "bin", "tsc");
    const version = (name) =>
      readJson(join(consumer, "node_modules", name, "package.json")).version;
    info(
      `typescript ${version("typescript")} and @types/node ${version("@types/node")} from the registry (proxied)`,
    );
    writeFileSync(join(consumer, "consumer.ts"), CONSUMER_TS);
    writeFileSync(join(consumer, "consumer-cjs.cts"), CONSUMER_CTS);
    writeFileSync(join(consumer, "wrong.ts"), WRONG_TS);
    writeJson(join(consumer, "tsconfig.json"), TSCONFIG(["consumer.ts", "consumer-cjs.cts"]));
    writeJson(
      join(consumer, "tsconfig.no-node-types.json"),
      TSCONFIG(["consumer.ts", "consumer-cjs.cts"], { nodeTypes: false }),
    );
    writeJson(join(consumer, "tsconfig.wrong.json"), TSCONFIG(["wrong.ts"]));
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], {
      cwd: consumer,
      timeoutMs: 120_000,
    });
    info(
      "tsc --noEmit passes: consumer.ts (ESM) and consumer-cjs.cts (CJS); strict, skipLibCheck off, @types/node",
    );
    await run(process.execPath, [tsc, "-p", "tsconfig.no-node-types.json"], {
      cwd: consumer,
      timeoutMs: 120_000,
    });
    info(
      "tsc --noEmit passes without @types/node too (skipLibCheck on; undici's own types need @types/node)",
    );
    const { code, output } = await run(process.execPath, [tsc, "-p", "tsconfig.wrong.json"], {
      cwd: consumer,
      timeoutMs: 120_000,
      allowFailure: true,
    });
    assert(code !== 0, "tsc accepted wrong.ts: wrong props are not caught by the published types");
    const wrongLines = WRONG_TS.split("\n")
      .map((line, index) => [index + 1, line])
      .filter(([, line]) => line.includes("// WRONG"));
    const reported = new Set(
      [...output.matchAll(/wrong\.ts\((\d+),\d+\)/g)].map((match) => Number(match[1])),
    );
    for (const [line, text] of wrongLines) {
      const why = text.slice(text.indexOf("// WRONG:") + 9).trim();
      assert(
        reported.has(line),
        `tsc did not reject wrong.ts line ${line} (${why}):\n${tail(output)}`,
      );
      info(`wrong.ts:${line} rejected as expected (${why})`);
    }
    const unexpected = [...reported].filter(
      (line) => !wrongLines.some(([wrong]) => wrong === line),
    );
    assert(
      unexpected.length === 0,
      `tsc reported errors on lines not marked WRONG: ${unexpected.join(", ")}\n${tail(output)}`,
    );
  });

  if (versions.has("@triggo/cli") && !skipPackages.includes("@triggo/cli")) {
    await step("The published triggo command finds the installed connectors", async () => {
      await npmInstall("--no-save", `@triggo/cli@${versions.get("@triggo/cli")}`);
      const bin = join(consumer, "node_modules", ".bin", "triggo");
      assert(existsSync(bin), "node_modules/.bin/triggo is missing: check the bin field");
      const { output } = await run(bin, ["list", "--json"], { cwd: consumer, timeoutMs: 60_000 });
      for (const connector of CONNECTORS) {
        assert(
          output.includes(`"${connector}"`),
          `triggo list --json does not list ${connector}:\n${tail(output)}`,
        );
      }
      info(`node_modules/.bin/triggo list --json lists ${CONNECTORS.join(", ")} from node_modules`);
    });
  }

  if (versions.has("@triggo/runtime") && !skipPackages.includes("@triggo/runtime")) {
    await step(
      "The published runtime starts with a connector and serves its API and dashboard",
      async () => {
        await npmInstall("--no-save", `@triggo/runtime@${versions.get("@triggo/runtime")}`);
        writeFileSync(join(consumer, "runtime.mjs"), RUNTIME_SMOKE);
        const { output } = await run(process.execPath, ["runtime.mjs"], {
          cwd: consumer,
          timeoutMs: 120_000,
        });
        for (const line of output.trim().split("\n")) info(line);
      },
    );
  }

  await step(
    `Snapshot release: a new changeset, then pnpm release:snapshot ${SNAPSHOT_TAG}`,
    async () => {
      // What `pnpm changeset` writes after its prompts.
      writeFileSync(
        join(repo, ".changeset", "registry-test-snapshot.md"),
        // A dependent with no changeset of its own gets no snapshot: workspace:^ stays in range.
        `---\n"@triggo/connector-sdk": patch\n"@triggo/connector-slack": patch\n---\n\nRegistry test: a snapshot of the SDK and the Slack connector.\n`,
      );
      const status = join(tmp, "snapshot-status.json");
      await run(...pnpmArgs(["changeset", "status", `--output=${status}`]), { cwd: repo });
      const planned = readJson(status).releases.map((release) => release.name);
      info(`changeset status picks up the new changeset: ${planned.join(", ")}`);
      await run(...pnpmArgs(["release:snapshot", SNAPSHOT_TAG]), {
        cwd: repo,
        env: publishEnv,
        timeoutMs: 300_000,
      });
      const snapshots = [];
      for (const pkg of publishable) {
        const { name } = pkg.manifest;
        const manifest = await registryManifest(registry, name);
        const tags = manifest["dist-tags"];
        assert(
          tags.latest === versions.get(name),
          `${name}: latest moved to ${tags.latest} after a snapshot`,
        );
        if (tags[SNAPSHOT_TAG]) snapshots.push(`${name}@${tags[SNAPSHOT_TAG]}`);
      }
      assert(
        snapshots.some((spec) => spec.startsWith("@triggo/connector-sdk@")),
        `no ${SNAPSHOT_TAG} dist-tag on @triggo/connector-sdk`,
      );
      assert(
        snapshots.every((spec) => new RegExp(`@0\\.0\\.0-${SNAPSHOT_TAG}-\\d{14}$`).test(spec)),
        `snapshot versions are not 0.0.0-${SNAPSHOT_TAG}-<datetime>: ${snapshots.join(", ")}`,
      );
      info(`"${SNAPSHOT_TAG}" dist-tag: ${snapshots.join(", ")}; "latest" unchanged`);
      const canary = join(tmp, "canary-consumer");
      mkdirSync(canary);
      writeJson(join(canary, "package.json"), { name: "triggo-canary", private: true });
      await run(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
          `@triggo/connector-slack@${SNAPSHOT_TAG}`,
        ],
        {
          cwd: canary,
          env: consumerEnv,
          timeoutMs: 120_000,
        },
      );
      const installedTriggo = installedPackages(join(canary, "node_modules")).filter((pkg) =>
        pkg.name.startsWith("@triggo/"),
      );
      const installed = installedTriggo.map((pkg) => `${pkg.name}@${pkg.version}`);
      for (const name of ["@triggo/connector-slack", "@triggo/connector-sdk"]) {
        const pkg = installedTriggo.find((candidate) => candidate.name === name);
        assert(
          pkg?.version.includes(`-${SNAPSHOT_TAG}-`),
          `${name}@${SNAPSHOT_TAG} pulled ${pkg ? pkg.version : "nothing"}, expected the snapshot`,
        );
      }
      await run(
        process.execPath,
        ["-e", 'require("@triggo/connector-slack").slack.init({ auth: "x" })'],
        { cwd: canary },
      );
      info(
        `npm install @triggo/connector-slack@${SNAPSHOT_TAG}: ${installed.join(", ")}; it loads`,
      );
    },
  );

  if (findings.length > 0) {
    fail(
      `${findings.length} footprint problem(s):\n${findings.map((finding) => `  - ${finding}`).join("\n")}`,
    );
  }
}

function pnpmArgs(args) {
  return [PNPM[0], [...PNPM.slice(1), ...args]];
}

function summary(ok) {
  console.log("\nTimings:");
  for (const [title, took] of timings) console.log(`  ${seconds(took).padStart(7)}  ${title}`);
  console.log(`  ${seconds(performance.now() - started).padStart(7)}  total`);
  console.log(ok ? "\nregistry test: OK" : "\nregistry test: FAILED");
}

main().then(
  async () => {
    summary(true);
    await stopVerdaccio();
    cleanup();
    process.exit(0);
  },
  async (error) => {
    console.error(
      `\nFAILED in step ${stepNumber}: ${error instanceof StepFailure ? error.message : error.stack}`,
    );
    if (verdaccio && existsSync(join(tmp, "verdaccio.log"))) {
      console.error(
        `verdaccio log:\n${tail(readFileSync(join(tmp, "verdaccio.log"), "utf8"), 20)}`,
      );
    }
    summary(false);
    await stopVerdaccio();
    cleanup();
    process.exit(1);
  },
);
