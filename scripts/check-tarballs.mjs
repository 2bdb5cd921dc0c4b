/**
 * What each published package's tarball holds, checked before anything is published
 * (`pnpm check:tarballs`, after a build). For every workspace package that is not private it
 * runs `npm pack --dry-run --json` in the package directory and fails, naming the package and
 * the file, when the tarball:
 *
 *   - holds anything but the build output (dist/), README, LICENSE, CHANGELOG and package.json;
 *   - holds tests, fixtures, mocks or source maps of them, TypeScript sources, env files or keys;
 *   - lacks a file that package.json points at (main, module, types, exports, bin), or README
 *     or LICENSE;
 *   - holds a secret-looking string: live Stripe keys, Slack tokens with real-looking digits,
 *     GitHub and npm tokens, private keys, AWS access keys.
 *
 *   node scripts/check-tarballs.mjs             check every publishable package
 *   node scripts/check-tarballs.mjs --self-test also prove that a bad package is caught
 *
 * Set TRIGGO_SKIP_PACKAGES=@triggo/cli (comma-separated) to leave out a package that cannot be
 * built right now; it is reported as skipped, never silently.
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Files allowed at the top of a tarball (npm always adds package.json, README and LICENSE). */
const TOP_LEVEL = /^(package\.json|README(\.md)?|LICENSE(\.md|\.txt)?|CHANGELOG\.md)$/i;
/** Build output allowed under dist/. */
const BUILD_OUTPUT =
  /^dist\/.+\.(js|cjs|mjs|d\.ts|d\.cts|d\.mts|js\.map|cjs\.map|mjs\.map|json|html|css)$/;
/** Never published, even under dist/: tests, fixtures, mocks, sources, env files, keys. */
const FORBIDDEN = [
  [/(^|\/)__(tests|fixtures|mocks)__(\/|$)/, "a test, fixture or mock directory"],
  [/(^|\/)(fixtures?|test|tests|__snapshots__)\//, "a test or fixture directory"],
  [/\.(test|spec)\.[cm]?[jt]sx?(\.map)?$/, "a test file (or its source map)"],
  [/\.(test|spec)\.d\.[cm]?ts$/, "the types of a test file"],
  [/(^|\/)mocks?\.[cm]?[jt]s(\.map)?$/, "test mocks"],
  [/(^|\/)(?!.*\.d\.[cm]?ts$)[^/]+\.[cm]?tsx?$/, "TypeScript source"],
  [/(^|\/)\.env(\..*)?$/, "an env file"],
  [/\.(pem|key|p12|pfx|crt)$/, "a key or certificate"],
  [/(^|\/)\.npmrc$/, "an .npmrc (may hold a registry token)"],
  [/\.tsbuildinfo$/, "a TypeScript build info file"],
  [/\.(tgz|log)$/, "a tarball or log file"],
];
/**
 * Secret-looking strings. They look for real-looking values, not the prefixes docs mention
 * ("sk_live_..." in a description, "xoxb-" in a placeholder are fine).
 */
const SECRETS = [
  [/\b[sr]k_live_[0-9A-Za-z]{16,}/, "a live Stripe secret or restricted key"],
  [/\bwhsec_[0-9A-Za-z]{24,}/, "a Stripe webhook signing secret"],
  [/\bxox[abposr]-\d{6,}-[0-9A-Za-z-]{6,}/, "a Slack token"],
  [/\bxapp-\d-[0-9A-Z]{6,}-\d{6,}-[0-9a-f]{16,}/, "a Slack app-level token"],
  [/\bgh[pousr]_[0-9A-Za-z]{36}\b/, "a GitHub token"],
  [/\bgithub_pat_[0-9A-Za-z_]{60,}/, "a GitHub fine-grained token"],
  [/\bnpm_[0-9A-Za-z]{36}\b/, "an npm token"],
  [/\bAKIA[0-9A-Z]{16}\b/, "an AWS access key id"],
  [
    /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
    "a private key",
  ],
];

/** The workspace's package directories, from the globs in pnpm-workspace.yaml. */
function workspaceDirs(workspaceRoot) {
  const yaml = readFileSync(join(workspaceRoot, "pnpm-workspace.yaml"), "utf8");
  const globs = [...yaml.matchAll(/^\s*-\s*["']?([^"'\s#]+)["']?/gm)].map((match) => match[1]);
  const dirs = [];
  for (const glob of globs) {
    if (glob.startsWith("!")) continue;
    if (!glob.endsWith("/*")) {
      dirs.push(join(workspaceRoot, glob));
      continue;
    }
    const parent = join(workspaceRoot, glob.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    }
  }
  return dirs.filter((dir) => existsSync(join(dir, "package.json"))).sort();
}

/** Every path package.json points at (main, module, types, exports, bin). */
function referencedFiles(manifest) {
  const paths = new Set();
  const add = (value) => {
    if (typeof value === "string") {
      if (value.startsWith("./") || !value.includes(":")) paths.add(value.replace(/^\.\//, ""));
    } else if (value && typeof value === "object") {
      for (const nested of Object.values(value)) add(nested);
    }
  };
  add(manifest.main);
  add(manifest.module);
  add(manifest.types);
  add(manifest.typings);
  add(manifest.exports);
  add(manifest.bin);
  return [...paths].filter((path) => !path.includes("*"));
}

function npmPackDryRun(dir) {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_loglevel: "error", npm_config_update_notifier: "false" },
  });
  const [result] = JSON.parse(output);
  return result;
}

/** Checks one package directory; returns { name, files, size, problems }. */
export function checkPackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const name = manifest.name ?? relative(root, dir);
  const problems = [];
  const pack = npmPackDryRun(dir);
  const files = pack.files.map((file) => file.path);

  for (const path of files) {
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(path));
    if (forbidden) problems.push(`${path}: ${forbidden[1]} must not be published`);
    else if (!TOP_LEVEL.test(path) && !BUILD_OUTPUT.test(path)) {
      problems.push(
        `${path}: not build output, README, LICENSE, CHANGELOG or package.json (narrow "files" in package.json)`,
      );
    }
    const full = join(dir, path);
    if (!existsSync(full)) continue;
    const text = readFileSync(full, "utf8");
    for (const [pattern, what] of SECRETS) {
      const match = pattern.exec(text);
      if (match) {
        const line = text.slice(0, match.index).split("\n").length;
        const shown = `${match[0].slice(0, 12)}…`;
        problems.push(`${path}:${line}: looks like ${what} (${shown})`);
      }
    }
  }
  for (const required of ["package.json", "README.md", "LICENSE"]) {
    if (!files.some((file) => file.toLowerCase() === required.toLowerCase())) {
      problems.push(`${required}: missing from the tarball`);
    }
  }
  for (const path of referencedFiles(manifest)) {
    if (!files.includes(path)) {
      problems.push(
        `${path}: package.json points at it but the tarball lacks it (did the build run?)`,
      );
    }
  }
  if (!files.some((file) => file.startsWith("dist/"))) {
    problems.push("dist/: no build output in the tarball (run `pnpm build` first)");
  }
  if (manifest.publishConfig?.access !== "public") {
    problems.push('package.json: publishConfig.access must be "public" for a scoped package');
  }
  return { name, files, size: pack.size, unpackedSize: pack.unpackedSize, problems };
}

export function checkWorkspace(workspaceRoot = root, { skip = [], log = console.log } = {}) {
  let failed = 0;
  let checked = 0;
  for (const dir of workspaceDirs(workspaceRoot)) {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (manifest.private) continue;
    if (skip.includes(manifest.name)) {
      log(`SKIP ${manifest.name} (TRIGGO_SKIP_PACKAGES)`);
      continue;
    }
    checked++;
    const result = checkPackage(dir);
    const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
    if (result.problems.length === 0) {
      log(
        `ok   ${result.name}: ${result.files.length} files, ${kb(result.size)} packed, ${kb(result.unpackedSize)} unpacked (${result.files.join(", ")})`,
      );
    } else {
      failed++;
      log(`FAIL ${result.name} (${relative(workspaceRoot, dir)}):`);
      for (const problem of result.problems) log(`       ${result.name}: ${problem}`);
    }
  }
  return { checked, failed };
}

/** Builds a throwaway workspace with one bad package and checks that every rule fires. */
function selfTest() {
  const dir = mkdtempSync(join(tmpdir(), "triggo-tarball-selftest-"));
  try {
    writeFileSync(join(dir, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
    const pkg = join(dir, "packages", "bad");
    mkdirSync(join(pkg, "dist", "__fixtures__"), { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({
        name: "@triggo/bad",
        version: "0.0.0",
        main: "./dist/index.js",
        types: "./dist/index.d.ts",
        files: ["dist", "src"],
        publishConfig: { access: "public" },
      }),
    );
    writeFileSync(join(pkg, "README.md"), "# bad\n");
    writeFileSync(join(pkg, "LICENSE"), "MIT\n");
    const fakeStripe = ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc"].join("_");
    const fakeGitHub = `ghp_${"a1B2c3D4e5".repeat(3)}abcdef`;
    writeFileSync(join(pkg, "dist", "index.js"), `export const key = "${fakeStripe}";\n`);
    const fakeSlack = ["xoxb", "123456789012", "1234567890123", "AbCdEfGhIjKlMnOpQrStUvWx"].join(
      "-",
    );
    const fakeKey = `-----BEGIN ${"PRIVATE"} KEY-----`;
    writeFileSync(join(pkg, "dist", "index.cjs"), `exports.t = "${fakeSlack}";\n// ${fakeKey}\n`);
    writeFileSync(join(pkg, "dist", "index.test.js"), "test();\n");
    writeFileSync(join(pkg, "dist", "index.test.js.map"), "{}\n");
    writeFileSync(join(pkg, "dist", "__fixtures__", "issue.json"), `{"t":"${fakeGitHub}"}\n`);
    mkdirSync(join(pkg, "src"));
    writeFileSync(join(pkg, "src", "index.ts"), "export {};\n");
    const lines = [];
    const { failed } = checkWorkspace(dir, { log: (line) => lines.push(line) });
    const output = lines.join("\n");
    const expected = [
      "@triggo/bad: dist/index.test.js: a test file",
      "@triggo/bad: dist/index.test.js.map: a test file (or its source map)",
      "@triggo/bad: dist/__fixtures__/issue.json: a test, fixture or mock directory",
      "@triggo/bad: dist/__fixtures__/issue.json:1: looks like a GitHub token",
      "@triggo/bad: dist/index.js:1: looks like a live Stripe secret or restricted key",
      "@triggo/bad: dist/index.cjs:1: looks like a Slack token",
      "@triggo/bad: dist/index.cjs:2: looks like a private key",
      "@triggo/bad: src/index.ts: TypeScript source",
      "@triggo/bad: dist/index.d.ts: package.json points at it but the tarball lacks it",
    ];
    const missing = expected.filter((text) => !output.includes(text));
    if (failed !== 1 || missing.length > 0) {
      console.log(output);
      throw new Error(`self-test: the checker missed: ${missing.join("; ") || "the failure"}`);
    }
    console.log(`self-test: a bad package is caught (${expected.length} expected problems):`);
    console.log(output.replace(/^/gm, "  "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const skip = (process.env.TRIGGO_SKIP_PACKAGES ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (process.argv.includes("--self-test")) selfTest();
  const { checked, failed } = checkWorkspace(root, { skip });
  if (checked === 0) {
    console.error("check:tarballs: no publishable package found");
    process.exit(1);
  }
  if (failed > 0) {
    console.error(
      `check:tarballs: ${failed} of ${checked} packages have tarball problems (see above).`,
    );
    process.exit(1);
  }
  console.log(`check:tarballs: ${checked} packages hold only their build output and docs.`);
}
