/**
 * A snapshot release: `pnpm release:snapshot <tag>` (or TRIGGO_SNAPSHOT_TAG=<tag> pnpm release:snapshot).
 *
 *   changeset version --snapshot <tag>      0.0.0-<tag>-<datetime> for every package with a
 *                                           pending changeset, and its dependents
 *   turbo run build
 *   node scripts/check-tarballs.mjs         nothing but build output and docs, no secrets
 *   changeset publish --tag <tag> --no-git-tag
 *
 * The versions land under the <tag> dist-tag only (never `latest`); nothing is committed or
 * tagged. Fails when no package has a pending changeset, since publishing would then push the
 * current versions under the tag. The registry, token and provenance come from the environment
 * (.npmrc, NODE_AUTH_TOKEN, NPM_CONFIG_PROVENANCE), as for `pnpm release`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tag = (process.argv[2] ?? process.env.TRIGGO_SNAPSHOT_TAG ?? "").trim();

if (!/^[a-z][a-z0-9-]{0,39}$/.test(tag) || tag === "latest") {
  console.error(
    `release:snapshot: give a dist-tag as the argument or TRIGGO_SNAPSHOT_TAG: lower-case letters, digits and '-', starting with a letter, not "latest" (got "${tag}").\n  e.g. pnpm release:snapshot canary`,
  );
  process.exit(2);
}

function versions() {
  const found = new Map();
  for (const group of ["packages", "connectors"]) {
    for (const name of readdirSync(join(root, group))) {
      const file = join(root, group, name, "package.json");
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, "utf8"));
      if (!manifest.private) found.set(manifest.name, manifest.version);
    }
  }
  return found;
}

function run(bin, args) {
  console.log(`\n$ ${bin} ${args.join(" ")}`);
  const local = join(root, "node_modules", ".bin", bin);
  const result = spawnSync(existsSync(local) ? local : bin, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(
      `release:snapshot: \`${bin} ${args.join(" ")}\` failed (${result.status ?? result.signal}).`,
    );
    process.exit(1);
  }
}

const before = versions();
run("changeset", ["version", "--snapshot", tag]);
const bumped = [...versions()].filter(([name, version]) => before.get(name) !== version);
if (bumped.length === 0) {
  console.error(
    "release:snapshot: no pending changesets, so nothing was versioned. Add one with `pnpm changeset`.",
  );
  process.exit(1);
}
console.log(
  `\nSnapshot versions: ${bumped.map(([name, version]) => `${name}@${version}`).join(", ")}`,
);
run("turbo", ["run", "build"]);
run(process.execPath, [join(root, "scripts", "check-tarballs.mjs")]);
run("changeset", ["publish", "--tag", tag, "--no-git-tag"]);
console.log(`\nrelease:snapshot: published under the "${tag}" dist-tag.`);
