import { defineConfig, type Options } from "tsup";

const shared: Options = {
  entry: ["src/index.ts"],
  dts: true,
  clean: true,
  target: "node20",
  platform: "node",
  sourcemap: false,
  splitting: false,
  treeshake: true,
};

/**
 * Two builds side by side, ESM and CommonJS, each with its own declaration file: for packages
 * with several entries or ESM-only dependencies (the CLI, the test kit, the runtime).
 */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({ ...shared, format: ["esm", "cjs"], ...overrides });
}

/**
 * The SDK, the shared helpers and every connector: one CommonJS build with its declarations;
 * `scripts/esm-entry.mjs` then writes the ESM entry that re-exports it. `import` and `require`
 * users get the same module (no dual-package hazard: one `ConnectorError` class, one connection
 * pool) and an install carries one copy of the code instead of two. Every export is named, so
 * Node's ESM loader sees them all.
 */
export function libraryConfig(overrides: Options = {}) {
  return defineConfig({ ...shared, format: ["cjs"], ...overrides });
}

export default libraryConfig();
