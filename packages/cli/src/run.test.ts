import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, triggo } from "./test-support";

const cwd = fixture("validate");
const token = "tok_live_secret_123456";

interface Received {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: string;
}

describe("triggo run", () => {
  let server: Server;
  let baseUrl: string;
  let answer: { status: number; body: unknown } = { status: 201, body: { id: "n_9" } };
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      received.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body,
      });
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("--dry-run prints the request it would send, secrets redacted, props coerced by type", async () => {
    const result = await triggo(
      [
        "run",
        "tidy",
        "create_note",
        "--dry-run",
        "--props",
        "title=Milk",
        "pinned=true",
        "priority=3",
        'tags=["a","b"]',
      ],
      { cwd, env: { TIDY_TOKEN: token } },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("POST https://api.tidy.test/v1/notes\n");
    expect(result.stdout).toContain("authorization: [REDACTED]\n");
    expect(result.stdout).toContain('"pinned": true');
    expect(result.stdout).toContain('"priority": 3');
    expect(result.stdout).toContain("(dry run: nothing was sent)");
    expect(result.stdout + result.stderr).not.toContain(token);
    const json = await triggo(
      ["run", "tidy", "create_note", "--dry-run", "--json", "--props", "title=Milk"],
      {
        cwd,
        env: { TRIGGO_AUTH_TIDY: token },
      },
    );
    expect(JSON.parse(json.stdout)).toEqual({
      method: "POST",
      url: "https://api.tidy.test/v1/notes",
      headers: expect.objectContaining({ authorization: "[REDACTED]" }),
      body: { title: "Milk" },
    });
    expect(received).toHaveLength(0);
  });

  it("calls the API with the credentials and prints the result as JSON", async () => {
    const authFile = join(mkdtempSync(join(tmpdir(), "triggo-auth-")), "auth.json");
    writeFileSync(authFile, JSON.stringify(token));
    try {
      const result = await triggo(
        [
          "run",
          "tidy",
          "create_note",
          "--base-url",
          baseUrl,
          "--auth-file",
          authFile,
          "--props",
          "title=Milk",
          "--props",
          "priority=2",
        ],
        { cwd },
      );
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(JSON.parse(result.stdout)).toEqual({ id: "n_9" });
      expect(received.at(-1)).toEqual({
        method: "POST",
        url: "/notes",
        authorization: `Bearer ${token}`,
        body: JSON.stringify({ title: "Milk", priority: 2 }),
      });
    } finally {
      rmSync(join(authFile, ".."), { recursive: true, force: true });
    }
  });

  it("shows the code, the message and what to do when the API refuses", async () => {
    answer = { status: 401, body: { message: "bad token" } };
    const refused = await triggo(
      ["run", "tidy", "create_note", "--base-url", baseUrl, "--props", "title=Milk"],
      {
        cwd,
        env: { TIDY_TOKEN: token },
      },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("triggo: AUTH_INVALID (HTTP 401): ");
    expect(refused.stderr).toContain(
      "what to do: the provider refused the credentials: check them, or reconnect the account",
    );
    expect(refused.stderr).toContain("set TIDY_TOKEN or TRIGGO_AUTH_TIDY");
    expect(refused.stderr).not.toContain(token);

    answer = { status: 400, body: { message: "title is too long" } };
    const invalid = await triggo(
      ["run", "tidy", "create_note", "--json", "--base-url", baseUrl, "--props", "title=Milk"],
      {
        cwd,
        env: { TIDY_TOKEN: token },
      },
    );
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).error).toMatchObject({
      code: "VALIDATION",
      status: 400,
      hint: expect.stringContaining("fix the prop the message names"),
    });
  });

  it("names the missing credentials, a missing prop and a value of the wrong type", async () => {
    expect(
      await triggo(["run", "tidy", "create_note", "--props", "title=Milk"], { cwd }),
    ).toMatchObject({
      code: 1,
      stderr:
        "triggo: tidy needs credentials: set TIDY_TOKEN or TRIGGO_AUTH_TIDY, or pass --auth-file <file>.\n",
    });
    expect(
      await triggo(["run", "tidy", "create_note", "--dry-run"], {
        cwd,
        env: { TIDY_TOKEN: token },
      }),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'triggo: VALIDATION: Action "create_note": invalid props:\n  - "title" (Title) is required',
      ),
    });
    expect(
      await triggo(["run", "tidy", "create_note", "--props", "priority=high"], {
        cwd,
        env: { TIDY_TOKEN: token },
      }),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--props priority=high: priority is a number."),
    });
    expect(
      await triggo(["run", "tidy", "create_note", "--props", "colour=red"], {
        cwd,
        env: { TIDY_TOKEN: token },
      }),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"colour" is not a prop of this action'),
    });
  });
});
