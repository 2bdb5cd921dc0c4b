import { request as httpRequest } from "node:http";
import { afterEach, expect, it } from "vitest";
import { describeEachDatabase } from "./runtime-test-databases";
import { createTestRuntime } from "./runtime-test-support";
import { createRuntimeServer } from "./server";
import { pathSegments } from "./server-api";

// No msw here: these requests travel over a real loopback socket, as a provider's would.
describeEachDatabase("runtime HTTP server limits", (database) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function start(maxBodyBytes: number) {
    const { runtime } = await createTestRuntime(database());
    const server = createRuntimeServer(runtime, { apiKeys: ["k"], maxBodyBytes });
    const { url } = await server.listen(0, "127.0.0.1");
    closers.push(() => server.close());
    return url;
  }

  it("refuses a body that streams past the limit (no Content-Length) with 413", async () => {
    const url = await start(1024);
    const { status, body } = await rawPost(`${url}/webhooks/ti_unknown`, 8 * 1024 * 1024);
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", maxBytes: 1024 },
    });
    expect(await database().query("SELECT * FROM webhook_deliveries")).toEqual([]);
  });

  it("refuses a declared oversized body with 413 before reading it", async () => {
    const url = await start(1024);
    const response = await fetch(`${url}/webhooks/ti_unknown`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "z".repeat(4 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /1024 bytes/,
    );
  });

  it("takes a body exactly at the limit", async () => {
    const url = await start(64);
    const response = await fetch(`${url}/webhooks/ti_unknown`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"a":"${"b".repeat(56)}"}`,
    });
    expect(response.status).toBe(404);
  });

  it("answers a malformed path escape with 400", async () => {
    const url = await start(1024);
    const response = await fetch(`${url}/api/triggers/%E0%A4%A`, {
      headers: { authorization: "Bearer k" },
    });
    expect(response.status).toBe(400);
    expect(() => pathSegments("/api/%E0%A4%A")).toThrow(/malformed/);
  });
});

/** A chunked POST of `size` bytes through node:http; a reset after the answer is tolerated. */
function rawPost(url: string, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const piece = Buffer.alloc(16 * 1024, "y");
    let sent = 0;
    const pump = () => {
      while (sent < size && !answered) {
        sent += piece.length;
        if (!request.write(piece)) {
          request.once("drain", pump);
          return;
        }
      }
      request.end();
    };
    pump();
  });
}
