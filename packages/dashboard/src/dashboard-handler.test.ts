import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboard, DASHBOARD_CSP } from "./dashboard-handler";

const assetsDir = mkdtempSync(join(tmpdir(), "triggo-dashboard-"));
const outside = `${assetsDir}-secret.txt`;
let server: Server;
let base: string;

beforeAll(async () => {
  writeFileSync(join(assetsDir, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(assetsDir, "app.js"), "console.log(1);");
  writeFileSync(join(assetsDir, "app.css"), "body{}");
  writeFileSync(join(assetsDir, "notes.txt"), "not an asset type");
  writeFileSync(outside, "secret");
  const pages = createDashboard({ assetsDir });
  // Like the runtime's server: the handler first, a 404 when it declines.
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    void pages(request, response, url).then((answered) => {
      if (!answered) {
        response.writeHead(404, { "content-type": "application/json" });
        response.end('{"error":{"code":"NOT_FOUND"}}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(assetsDir, { recursive: true, force: true });
  rmSync(outside, { force: true });
});

describe("createDashboard", () => {
  it.each([
    ["/", "text/html; charset=utf-8", "<!doctype html>"],
    ["/triggers", "text/html; charset=utf-8", "<!doctype html>"],
    ["/triggers/new/", "text/html; charset=utf-8", "<!doctype html>"],
    ["/events?triggerId=ti_1", "text/html; charset=utf-8", "<!doctype html>"],
    ["/endpoints", "text/html; charset=utf-8", "<!doctype html>"],
    ["/assets/app.js", "text/javascript; charset=utf-8", "console.log(1);"],
    ["/assets/app.css", "text/css; charset=utf-8", "body{}"],
  ])("serves %s as %s with the security headers", async (path, type, start) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toMatch(/^default-src 'self';/);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
    expect(await response.text()).toMatch(new RegExp(`^${start.replace(/[.()]/g, "\\$&")}`));
  });

  it("answers HEAD without a body and 304 when the ETag matches", async () => {
    const head = await fetch(`${base}/assets/app.js`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("15");
    expect(await head.text()).toBe("");
    const etag = head.headers.get("etag")!;
    const again = await fetch(`${base}/assets/app.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it.each([
    ["/nothing-here", "GET"],
    ["/assets/missing.js", "GET"],
    ["/assets/notes.txt", "GET"],
    ["/assets/index.html", "GET"],
    ["/assets/", "GET"],
    ["/triggers/ti_1", "GET"],
    ["/", "POST"],
    ["/assets/app.js", "DELETE"],
  ])("declines %s (%s) so that the server answers 404", async (path, method) => {
    const response = await fetch(`${base}${path}`, { method });
    expect(response.status).toBe(404);
  });

  it.each([
    "/assets/..%2f..%2fpackage.json",
    "/assets/%2e%2e/%2e%2e/etc/passwd",
    "/assets/..%5Capp.js",
    `/assets/..%2f${outside.split("/").pop()}`,
    "/assets/.%2Fapp.js",
    "/assets/sub/app.js",
  ])("refuses a path that leaves the assets directory: %s", async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("secret");
  });

  it("declines everything when the assets are missing (no build)", async () => {
    const pages = createDashboard({ assetsDir: join(assetsDir, "absent") });
    const url = new URL("http://localhost/");
    const answered = await pages({ method: "GET", headers: {} } as never, {} as never, url);
    expect(answered).toBe(false);
  });
});

it("finds its own build by default", async () => {
  const pages = createDashboard();
  const written: { status?: number; body?: unknown } = {};
  const response = {
    writeHead: (status: number) => {
      written.status = status;
    },
    end: (body: unknown) => {
      written.body = body;
    },
  };
  const answered = await pages(
    { method: "GET", headers: {} } as never,
    response as never,
    new URL("http://localhost/assets/app.js"),
  );
  expect(answered).toBe(true);
  expect(written.status).toBe(200);
  expect(String(written.body)).not.toMatch(/<script/);
});
