import { github } from "@triggo/connector-github";
import { silentLogger } from "@triggo/shared";
import { describe, expect, it, vi } from "vitest";
import { createRuntime } from "./runtime";
import { ENCRYPTION_KEY_ENV } from "./runtime-encryption";

describe("createRuntime", () => {
  const base = { connectors: [github], publicUrl: "https://triggo.test", logger: silentLogger };

  it("refuses to start without an encryption key, saying how to make one", async () => {
    vi.stubEnv(ENCRYPTION_KEY_ENV, "");
    try {
      await expect(createRuntime(base)).rejects.toMatchObject({
        code: "CONFIGURATION",
        message: expect.stringMatching(/set TRIGGO_ENCRYPTION_KEY to base64 of 32 random bytes/),
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses a publicUrl that is not an absolute http(s) URL", async () => {
    await expect(
      createRuntime({ ...base, publicUrl: "triggo.test", encryptionKey: Buffer.alloc(32) }),
    ).rejects.toThrow(/publicUrl must be the absolute http\(s\) URL .* got "triggo.test"/);
  });

  it("refuses the same connector version twice, and something that is not a connector", async () => {
    const encryptionKey = Buffer.alloc(32);
    await expect(
      createRuntime({ ...base, connectors: [github, github], encryptionKey }),
    ).rejects.toThrow(`Connector "github" ${github.version} is registered twice`);
    await expect(
      createRuntime({ ...base, connectors: [{} as never], encryptionKey }),
    ).rejects.toThrow(/must be a connector from createConnector/);
  });
});
