import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyHmacWebhook } from "@triggo/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, triggo } from "./test-support";

const cwd = fixture("validate");
const secret = "whsec_loopback_secret";

describe("triggo webhook send", () => {
  let server: Server;
  let url: string;
  const deliveries: { headers: Record<string, string>; body: string }[] = [];

  beforeAll(async () => {
    // Verifies as the runtime would, with @triggo/shared: 204 when signed right, 401 otherwise.
    server = createServer(async (request, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([key, value]) => [key, String(value)]),
      );
      deliveries.push({ headers, body });
      try {
        verifyHmacWebhook({ header: "X-Tidy-Signature", prefix: "sha256=", secret, body, headers });
        response.writeHead(200, { "content-type": "text/plain" }).end("verified");
      } catch (error) {
        response.writeHead(401, { "content-type": "text/plain" }).end((error as Error).message);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/1`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("posts the sample event signed as the provider would, and prints the response", async () => {
    const result = await triggo(
      [
        "webhook",
        "send",
        "tidy",
        "note_created",
        "--to",
        url,
        "--secret",
        secret,
        "--header",
        "X-Tidy-Event: note.created",
      ],
      { cwd },
    );
    expect(result).toMatchObject({ code: 0, stdout: "HTTP 200 OK\nverified\n", stderr: "" });
    const delivery = deliveries.at(-1)!;
    expect(JSON.parse(delivery.body)).toEqual({ id: "n_1", title: "Groceries" });
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["x-tidy-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(delivery.headers["x-tidy-event"]).toBe("note.created");
  });

  it("exits 1 when the endpoint refuses the delivery, and prints JSON with --json", async () => {
    const result = await triggo(
      [
        "webhook",
        "send",
        "tidy",
        "note_created",
        "--to",
        url,
        "--secret",
        "another-secret",
        "--json",
      ],
      { cwd },
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 401 });
  });

  it("explains what it needs", async () => {
    expect(
      await triggo(["webhook", "send", "tidy", "note_created", "--to", url], { cwd }),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("needs --to <url> and --secret <secret>"),
    });
    expect(
      await triggo(["webhook", "send", "tidy", "nope", "--to", url, "--secret", secret], { cwd }),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'tidy has no trigger "nope"; its triggers are: note_created.',
      ),
    });
  });
});
