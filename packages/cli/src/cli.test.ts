import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, fixture, triggo } from "./test-support";

const cwd = fixture("workspace");

describe("the built triggo binary", () => {
  it("lists the workspace's connectors with actions, triggers and required props", async () => {
    const { code, stdout, stderr } = await triggo(["list"], { cwd });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("Demo demo · @triggo/connector-demo@2.0.0 · auth NONE");
    expect(stdout).toContain("action  send_note(channel*, text)  Send note");
    expect(stdout).toContain("trigger new_note()  New note · polling every 60s");
    expect(stdout).toContain("1 connectors, 1 actions, 1 triggers.");
    expect(stdout).not.toContain("\u001b[");
  });

  it("prints JSON Schemas with --json", async () => {
    const { code, stdout } = await triggo(["list", "--json"], { cwd });
    expect(code).toBe(0);
    const [demo] = JSON.parse(stdout);
    expect(demo.name).toBe("demo");
    expect(demo.actions[0].props).toMatchObject({
      type: "object",
      required: ["channel"],
      properties: { channel: { type: "string", title: "Channel" }, text: { type: "string" } },
      additionalProperties: false,
    });
    expect(demo.triggers[0]).toMatchObject({
      name: "new_note",
      type: "POLLING",
      intervalSeconds: 60,
    });
  });

  it("describes one connector", async () => {
    const { code, stdout } = await triggo(["describe", "demo"], { cwd });
    expect(code).toBe(0);
    expect(stdout).toContain("channel SHORT_TEXT, required — Where to send it.");
    const json = await triggo(["describe", "demo", "--json"], { cwd });
    expect(JSON.parse(json.stdout).version).toBe("2.0.0");
  });

  it("fails with exit code 1 and the known names for an unknown connector", async () => {
    const { code, stderr } = await triggo(["describe", "nope"], { cwd });
    expect(code).toBe(1);
    expect(stderr).toBe('triggo: no connector named "nope". Known connectors: demo.\n');
  });

  it("fails with exit code 2 on wrong usage, and helps with an example", async () => {
    expect(await triggo(["frobnicate"], { cwd })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"'),
    });
    expect(await triggo(["list", "--bogus"], { cwd })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--bogus"),
    });
    const help = await triggo(["describe", "--help"], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Example:\n  triggo describe slack --json");
  });

  it.each(["list", "describe", "init", "add", "validate", "docs", "run", "webhook", "dev"])(
    "documents %s in --help, with an example, and lists it in the main help",
    async (command) => {
      const help = await triggo([command, "--help"], { cwd });
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^triggo ${command}`));
      expect(help.stdout).toMatch(/\nExample:\n {2}triggo /);
      expect((await triggo(["--help"], { cwd })).stdout).toMatch(new RegExp(`\\n {2}${command} `));
    },
  );

  it("dev runs the workspace's connectors in a local runtime until stopped", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "triggo-dev-"));
    const child = spawn(process.execPath, [bin, "dev", "--port", "0", "--data-dir", dataDir], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", TRIGGO_PUBLIC_URL: "https://hooks.example.test" },
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line in: ${output}`)), 30_000);
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString("utf8");
          const match = /listening at (http:\/\/\S+) /.exec(output);
          if (match && /Development mode/.test(output)) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once("exit", (code) => reject(new Error(`dev exited with ${code}: ${output}`)));
      });
      expect(output).toContain("Webhook ingress:  https://hooks.example.test/webhooks/{triggerId}");
      expect(output).toContain("Connectors:       demo");
      const key = /API key \(generated.*\): (\S+)/.exec(output)?.[1];
      const types = await fetch(`${url}/api/trigger-types`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(types.status).toBe(200);
      expect(
        ((await types.json()) as { items: { slug: string }[] }).items.map((type) => type.slug),
      ).toEqual(["DEMO_NEW_NOTE"]);
      expect((await fetch(`${url}/api/trigger-types`)).status).toBe(401);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.key`, { force: true });
    }
  }, 60_000);
});
