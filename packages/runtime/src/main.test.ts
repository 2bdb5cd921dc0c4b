import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { github } from "@triggo/connector-github";
import { slack } from "@triggo/connector-slack";
import { stripe } from "@triggo/connector-stripe";
import { typeform } from "@triggo/connector-typeform";
import { createLogger } from "@triggo/shared";
import { afterEach, expect, it } from "vitest";
import { startLocalRuntime } from "./main";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.key`, { force: true });
  }
});

it("starts on PGlite with every connector, prints where it listens and a generated key once", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "triggo-main-"));
  dirs.push(dataDir);
  const lines: string[] = [];
  const local = await startLocalRuntime({
    connectors: [slack, github, stripe, typeform],
    port: 0,
    dataDir,
    env: {},
    print: (line) => lines.push(line),
    logger: createLogger({ level: "error", sink: () => undefined }),
  });
  try {
    const key = /API key \(generated.*\): (\S+)$/m.exec(lines.join("\n"))?.[1];
    expect(key).toMatch(/^trg_/);
    expect(lines.join("\n")).toContain(`${local.url}/api`);
    expect(lines.join("\n")).toMatch(/\/webhooks\/\{triggerId\}/);
    expect(lines.join("\n")).toMatch(/Development mode/);
    // Kept beside the data, so the next run reads what this one sealed.
    expect(readFileSync(`${dataDir}.key`, "utf8").trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(lines.filter((line) => line.includes(key!))).toHaveLength(1);
    const types = await fetch(`${local.url}/api/trigger-types`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const toolkits = new Set(
      ((await types.json()) as { items: { toolkit: string }[] }).items.map((type) => type.toolkit),
    );
    expect([...toolkits].sort()).toEqual(["github", "slack", "stripe", "typeform"]);
  } finally {
    await local.close();
  }
}, 60_000);

it("takes the API key and the encryption key from the environment", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "triggo-main-"));
  dirs.push(dataDir);
  const lines: string[] = [];
  const local = await startLocalRuntime({
    connectors: [slack, github, stripe, typeform],
    port: 0,
    dataDir,
    env: {
      TRIGGO_API_KEY: "chosen-key-0123456789",
      TRIGGO_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
    },
    print: (line) => lines.push(line),
    logger: createLogger({ level: "error", sink: () => undefined }),
  });
  try {
    expect(lines.join("\n")).not.toMatch(/API key \(generated|Development mode|chosen-key/);
    const ok = await fetch(`${local.url}/api/triggers`, {
      headers: { authorization: "Bearer chosen-key-0123456789" },
    });
    expect(ok.status).toBe(200);
  } finally {
    await local.close();
  }
}, 60_000);
