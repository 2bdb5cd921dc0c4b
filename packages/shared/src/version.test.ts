import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SHARED_VERSION } from "./version";

describe("SHARED_VERSION", () => {
  it("matches the version in package.json", () => {
    const packageJson = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    expect(SHARED_VERSION).toBe(packageJson.version);
  });
});
