import { silentLogger } from "@triggo/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createEncryption, ENCRYPTION_KEY_ENV } from "./runtime-encryption";

const key = Buffer.alloc(32, 1).toString("base64");

describe("createEncryption", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("round-trips a value, with a fresh IV each time, bound to its record", () => {
    const encryption = createEncryption({ key, logger: silentLogger });
    const first = encryption.seal({ apiKey: "sk_test_value" }, "ca_1");
    const second = encryption.seal({ apiKey: "sk_test_value" }, "ca_1");
    expect(first).not.toBe(second);
    expect(first).not.toContain("sk_test_value");
    expect(encryption.open(first, "ca_1")).toEqual({ apiKey: "sk_test_value" });
    expect(() => encryption.open(first, "ca_2")).toThrow(/failed their integrity check/);
  });

  it("reads the key from TRIGGO_ENCRYPTION_KEY", () => {
    vi.stubEnv(ENCRYPTION_KEY_ENV, key);
    const fromEnvironment = createEncryption({ logger: silentLogger });
    const explicit = createEncryption({ key, logger: silentLogger });
    expect(explicit.open(fromEnvironment.seal("secret", "ca_1"), "ca_1")).toBe("secret");
  });

  it("refuses to start without a key, and with a key of the wrong size", () => {
    vi.stubEnv(ENCRYPTION_KEY_ENV, "");
    expect(() => createEncryption({ logger: silentLogger })).toThrow(
      /needs an encryption key for credentials: set TRIGGO_ENCRYPTION_KEY to base64 of 32 random bytes/,
    );
    expect(() => createEncryption({ key: "c2hvcnQ=", logger: silentLogger })).toThrow(
      /must be 32 bytes, base64-encoded; got 5 bytes/,
    );
  });

  it("generates an ephemeral key in development, with a warning", () => {
    vi.stubEnv(ENCRYPTION_KEY_ENV, "");
    const warn = vi.fn();
    const encryption = createEncryption({ development: true, logger: { ...silentLogger, warn } });
    expect(encryption.open(encryption.seal(1, "x"), "x")).toBe(1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/for this process only.*Set TRIGGO_ENCRYPTION_KEY/),
    );
  });

  it("tells a wrong key from tampering", () => {
    const sealed = createEncryption({ key, logger: silentLogger }).seal("secret", "ca_1");
    const other = createEncryption({ key: Buffer.alloc(32, 2), logger: silentLogger });
    expect(() => other.open(sealed, "ca_1")).toThrow(/encrypted with another key/);
  });
});
