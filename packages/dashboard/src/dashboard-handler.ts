import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dashboardPage } from "./dashboard-pages";

/** Answers a request when it is the dashboard's (true), or leaves it to the server (false). */
export type DashboardHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<boolean>;

export interface DashboardOptions {
  /** The directory holding index.html, app.js and app.css. Default: the package's `dist/app`. */
  assetsDir?: string;
}

/** Only what the page loads from its own origin: no inline script or style, no frames. */
export const DASHBOARD_CSP =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** A file name under /assets/: one plain segment with a known extension, nothing to decode. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)$/;

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

function defaultAssetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Built: dist/index.js beside dist/app. From the sources (tests): src/ beside dist/.
  const candidates = [join(here, "app"), join(here, "..", "dist", "app")];
  return (
    candidates.find((candidate) => existsSync(join(candidate, "index.html"))) ?? candidates[0]!
  );
}

/**
 * The dashboard's static files for the runtime's server (`createRuntimeServer(runtime, { pages:
 * createDashboard() })`): GET and HEAD of `/` and the app's pages (index.html, for history
 * routing) and of `/assets/app.js`, `/assets/app.css`. Each answer carries its content type,
 * `Cache-Control: no-cache` with an ETag (a 304 when unchanged), and a Content-Security-Policy
 * that allows only the dashboard's own origin. Everything else resolves false.
 */
export function createDashboard(options: DashboardOptions = {}): DashboardHandler {
  const assetsDir = options.assetsDir ?? defaultAssetsDir();
  const cache = new Map<string, Asset | null>();

  const load = (name: string): Asset | undefined => {
    if (cache.has(name)) return cache.get(name) ?? undefined;
    const contentType = CONTENT_TYPES[ASSET_NAME.exec(name)?.[1]?.toLowerCase() ?? ""];
    let asset: Asset | null = null;
    if (contentType) {
      try {
        const body = readFileSync(join(assetsDir, name));
        const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
        asset = { body, contentType, etag };
      } catch {
        asset = null;
      }
    }
    cache.set(name, asset);
    return asset ?? undefined;
  };

  return async (request, response, url) => {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    let name: string | undefined;
    if (url.pathname.startsWith("/assets/")) {
      const rest = url.pathname.slice("/assets/".length);
      if (ASSET_NAME.test(rest) && rest !== "index.html") name = rest;
    } else if (dashboardPage(url.pathname)) {
      name = "index.html";
    }
    const asset = name === undefined ? undefined : load(name);
    if (!asset) return false;

    const headers: Record<string, string> = {
      "content-type": asset.contentType,
      "cache-control": "no-cache",
      etag: asset.etag,
      "content-security-policy": DASHBOARD_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
    };
    const unchanged = request.headers["if-none-match"]
      ?.split(",")
      .some((tag) => tag.trim() === asset.etag);
    if (unchanged) {
      response.writeHead(304, headers);
      response.end();
      return true;
    }
    response.writeHead(200, { ...headers, "content-length": String(asset.body.length) });
    response.end(request.method === "HEAD" ? undefined : asset.body);
    return true;
  };
}
