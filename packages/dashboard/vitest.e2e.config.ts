import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The browser suite: the runtime (built) in the test process, Debian's Chromium driven by
// playwright-core. The runtime is not a dependency of this package (it depends on the dashboard),
// so it is taken from its build; turbo builds it before this package's tests (turbo.json).
export default defineConfig({
  resolve: {
    alias: {
      "@triggo/runtime": fileURLToPath(new URL("../runtime/dist/index.js", import.meta.url)),
    },
  },
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The browser and the runtime share this machine with the other suites: what the page shows
    // "soon" may take seconds when the machine is busy.
    expect: { poll: { timeout: 15_000 } },
  },
});
