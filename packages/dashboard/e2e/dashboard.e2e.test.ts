// The dashboard in a real browser (Debian's Chromium through playwright-core) against a real
// runtime in this process: PGlite in memory, the GitHub connector, GitHub's API faked at `fetch`.
// TRIGGO_SCREENSHOTS=1 also writes a screenshot of each page to docs/screenshots/.
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { github } from "@triggo/connector-github";
import {
  createPgliteDatabase,
  createRuntime,
  createRuntimeServer,
  type Runtime,
  type RuntimeServer,
} from "@triggo/runtime";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboard } from "../src/index";

const CHROMIUM = "/usr/bin/chromium";
const API_KEY = "trg_e2e_dashboard_key_0123456789";
const TOKEN = "ghp_dashboarde2e0123456789abcdefghijklmn";
const SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const HOOKS = "https://api.github.com/repos/octocat/Hello-World/hooks";
const SCREENSHOTS = process.env.TRIGGO_SCREENSHOTS === "1";
const screenshotDir = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

if (!existsSync(CHROMIUM)) {
  console.warn(
    `Skipping the dashboard's browser tests: ${CHROMIUM} is missing (install it with apt-get install -y chromium).`,
  );
}

interface Call {
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

/** GitHub's API as the connector calls it: the hook registration and removal, the repositories. */
function fakeGitHub(calls: Call[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const text =
      request.method === "GET" || request.method === "DELETE" ? "" : await request.text();
    const url = request.url.split("?")[0]!;
    calls.push({
      method: request.method,
      url,
      authorization: request.headers.get("authorization"),
      body: text ? JSON.parse(text) : undefined,
    });
    if (request.method === "POST" && url === HOOKS) {
      return Response.json(
        { id: 1, name: "web", active: true, events: ["push"], config: { content_type: "json" } },
        { status: 201 },
      );
    }
    if (request.method === "DELETE" && url === `${HOOKS}/1`)
      return new Response(null, { status: 204 });
    if (request.method === "GET" && url === "https://api.github.com/user/repos") {
      return Response.json([
        {
          id: 1296269,
          name: "Hello-World",
          full_name: "octocat/Hello-World",
          private: false,
          html_url: "https://github.com/octocat/Hello-World",
          owner: { login: "octocat", id: 1 },
        },
      ]);
    }
    return Response.json({ message: "Not Found" }, { status: 404 });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.skipIf(!existsSync(CHROMIUM))("the dashboard in Chromium", () => {
  const calls: Call[] = [];
  const problems: string[] = [];
  let runtime: Runtime;
  let server: RuntimeServer;
  let browser: BrowserContext;
  let page: Page;
  let base: string;
  let profile: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    runtime = await createRuntime({
      connectors: [github],
      database: await createPgliteDatabase({ dataDir: "memory://" }),
      encryptionKey: Buffer.alloc(32, 9).toString("base64"),
      publicUrl: base,
      fetch: fakeGitHub(calls),
      retry: { maxRetries: 0 },
    });
    server = createRuntimeServer(runtime, { apiKeys: [API_KEY], pages: createDashboard() });
    await server.listen(port, "127.0.0.1");
    profile = mkdtempSync(join(tmpdir(), "triggo-chromium-"));
    // A fresh profile, thrown away afterwards.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1100, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on("console", (message) => {
      if (message.type() === "error" && !/favicon|404 \(Not Found\)/.test(message.text())) {
        problems.push(message.text());
      }
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("dialog", (dialog) => void dialog.accept());
    if (SCREENSHOTS) mkdirSync(screenshotDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await runtime?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const shoot = async (name: string) => {
    if (SCREENSHOTS)
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  };

  it("connects an account, creates a trigger from its schema, shows live events, disables and deletes it", async () => {
    // The API key, asked once, masked, kept for the session.
    await page.goto(`${base}/`);
    const keyInput = page.getByLabel("API key");
    expect(await keyInput.getAttribute("type")).toBe("password");
    await keyInput.fill("wrong-key");
    await keyInput.press("Enter");
    await expect.poll(() => page.getByText("The runtime refused this key.").isVisible()).toBe(true);
    await keyInput.fill(API_KEY);
    await keyInput.press("Enter");
    problems.length = 0; // the refused key's 401 is the one error expected

    // 1. The catalog, filtered as you type.
    await page.getByRole("heading", { name: "Connectors", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "GitHub", level: 2 }).waitFor();
    await page.getByLabel("Filter connectors").fill("commit");
    await page.getByText("1 of 1 connector").waitFor();
    await page.getByText("Triggers (").first().click();
    await shoot("catalog");
    await page.getByLabel("Filter connectors").fill("no such thing");
    await page.getByText("0 of 1 connector").waitFor();

    // 2. Connect a GitHub account by pasting a token: submitted with Enter, never shown again.
    await page.getByRole("link", { name: "Accounts" }).click();
    const connect = page.locator("form", {
      has: page.getByRole("heading", { name: "Connect an account" }),
    });
    await connect.waitFor();
    await connect.getByLabel("User id").fill("user-1");
    await connect.getByLabel("Connector").selectOption("github");
    const token = connect.getByLabel("Personal access token");
    expect(await token.getAttribute("type")).toBe("password");
    await token.fill(TOKEN);
    await token.press("Enter");
    await page.getByText(/Connected GitHub for user-1: ca_/).waitFor();
    expect(await token.inputValue()).toBe("");
    await page.locator("[data-account]").getByText("active").waitFor();
    await shoot("accounts");

    // 3. Create the trigger with the form generated from the trigger type's config schema.
    await page.getByRole("link", { name: "Triggers" }).click();
    await page.getByRole("link", { name: "Create trigger" }).click();
    await page.getByRole("heading", { name: "Create a trigger" }).waitFor();
    const form = page.locator("form");
    await expect.poll(() => form.getByLabel("Connected account").inputValue()).toMatch(/^ca_/);
    await form.getByLabel("Trigger type").selectOption("GITHUB_NEW_COMMIT");
    expect(await form.getByLabel("Trigger type").locator("option:checked").textContent()).toContain(
      "GITHUB_COMMIT_EVENT",
    );
    // The schema's rules before anything is sent.
    await form.getByRole("button", { name: "Create trigger" }).click();
    await form.getByText("Owner is required.").waitFor();
    await form.getByText("Repository is required.").waitFor();
    expect(calls.filter((call) => call.url === HOOKS)).toHaveLength(0);
    // The owner's dynamic options come from the options endpoint (GitHub's /user/repos).
    const owner = form.getByLabel(/^Owner/);
    await owner.focus();
    await expect.poll(() => form.locator(`datalist option[value="octocat"]`).count()).toBe(1);
    await owner.fill("octocat");
    await form.getByLabel(/^Repository/).fill("Hello-World");
    await shoot("trigger-create");
    await form.getByLabel(/^Repository/).press("Enter");
    await page.getByText(/Created the trigger ti_/).waitFor();

    const registration = calls.find((call) => call.method === "POST" && call.url === HOOKS);
    expect(registration?.authorization).toBe(`Bearer ${TOKEN}`);
    const hook = registration!.body as {
      events: string[];
      config: { url: string; secret: string };
    };
    expect(hook.events).toEqual(["push"]);

    // The webhook URL to give the provider, copyable.
    const webhookUrl = await page.getByLabel("Webhook URL").inputValue();
    expect(webhookUrl).toMatch(new RegExp(`^${base}/webhooks/ti_`));
    expect(hook.config.url).toBe(webhookUrl);
    await page.locator("[data-trigger]").getByText("enabled").waitFor();
    await shoot("triggers");

    // 4. Events, live: a signed push arrives while the page is open.
    await page.locator("[data-trigger]").getByRole("link", { name: "Events" }).click();
    await page.getByText("Live: new events appear here.").waitFor();
    await page.getByText("No events yet").waitFor();
    const body = JSON.stringify(githubPush(SHA));
    const delivery = await fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "push",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", hook.config.secret).update(body).digest("hex")}`,
      },
      body,
    });
    expect(delivery.status).toBe(200);
    const event = page.locator("[data-event]", { hasText: SHA });
    await event.waitFor();
    expect(await event.locator("pre").textContent()).toContain('"message": "Update README"');
    await event.getByText("Delivery attempts").click();
    await event.getByText(/No delivery attempts/).waitFor();
    await shoot("events");

    // Disable, then delete: the hook is removed at GitHub.
    await page.getByRole("link", { name: "Triggers" }).click();
    const card = page.locator("[data-trigger]");
    await card.getByRole("button", { name: "Disable" }).click();
    await card.getByText("disabled", { exact: true }).waitFor();
    await card.getByRole("button", { name: "Delete" }).click();
    await page.getByText("No triggers for user-1.").waitFor();
    expect(calls.some((call) => call.method === "DELETE" && call.url === `${HOOKS}/1`)).toBe(true);

    // No secret in the page or its address; no CSP violation or script error.
    const html = await page.content();
    expect(html).not.toContain(API_KEY);
    expect(html).not.toContain(TOKEN);
    expect(page.url()).not.toContain(API_KEY);
    expect(problems).toEqual([]);
  });

  it("reflows on a narrow window and can be used with the keyboard alone", async () => {
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(`${base}/connectors`);
    await page.getByRole("heading", { name: "GitHub", level: 2 }).waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(400);
    // Tab from the top reaches the navigation's links; Enter follows one.
    await page.keyboard.press("Tab");
    let reached = false;
    for (let step = 0; step < 8 && !reached; step += 1) {
      await page.keyboard.press("Tab");
      reached = (await page.evaluate(() => document.activeElement?.textContent)) === "Triggers";
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Triggers", level: 1 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await shoot("narrow");
  });
});

/** A push of one commit to main, as GitHub delivers it. */
function githubPush(sha: string) {
  const actor = { name: "Monalisa Octocat", email: "mona@github.com", username: "octocat" };
  return {
    ref: "refs/heads/main",
    before: "0000000000000000000000000000000000000000",
    after: sha,
    compare: "https://github.com/octocat/Hello-World/compare/000000...1",
    commits: [
      {
        id: sha,
        message: "Update README",
        timestamp: "2026-11-24T10:00:00Z",
        url: `https://github.com/octocat/Hello-World/commit/${sha}`,
        author: actor,
        committer: actor,
        distinct: true,
        added: [],
        removed: [],
        modified: ["README.md"],
      },
    ],
    pusher: { name: "octocat", email: "mona@github.com" },
    repository: {
      id: 1296269,
      name: "Hello-World",
      full_name: "octocat/Hello-World",
      private: false,
      html_url: "https://github.com/octocat/Hello-World",
      owner: { login: "octocat", id: 1 },
    },
    sender: { login: "octocat", id: 1 },
  };
}
