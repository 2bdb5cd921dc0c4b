import { defineConfig } from "vitest/config";

// The fixtures hold connectors with their own *.test.ts files, for `triggo validate` to read:
// they are not this package's tests.
export default defineConfig({ test: { include: ["src/**/*.test.ts"] } });
