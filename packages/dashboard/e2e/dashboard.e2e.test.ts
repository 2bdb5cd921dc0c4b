// The dashboard in a real browser (Debian's Chromium through playwright-core) against a real
// runtime in this process: PGlite in memory, the GitHub connector, GitHub's API and OAuth2 token
// endpoint faked at `fetch`, GitHub's authorization page answered by a Playwright route, a
// delivery worker POSTing to a receiver on loopback that stands for the application.
// TRIGGO_SCREENSHOTS=1 also writes a screenshot of each page to docs/screenshots/.
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { github } from "@triggo/connector-github";
import {
  createDeliveryWorker,
  createPgliteDatabase,
  createRuntime,
  createRuntimeServer,
  type DeliveryWorker,
  type Runtime,
  type RuntimeServer,
} from "@triggo/runtime";
import { verifyStandardWebhook } from "@triggo/shared";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The runtime's GitHub push payload (the same one its own tests deliver).
import { githubPush } from "../../runtime/src/test-fixtures/github.mjs";
import { createDashboard } from "../src/index";

const CHROMIUM = "/usr/bin/chromium";
const API_KEY = "trg_e2e_dashboard_key_0123456789";
const TOKEN = "ghp_dashboarde2e0123456789abcdefghijklmn";
const SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const HOOKS = "https://api.github.com/repos/octocat/Hello-World/hooks";
const AUTHORIZE = "https://github.com/login/oauth/authorize";
const TOKEN_URL = "https://github.com/login/oauth/access_token";
const CLIENT_ID = "Iv1.e2edashboard0123";
const CLIENT_SECRET = "e2e-client-secret-0123456789abcdef01234567";
const ACCESS_TOKEN = "gho_e2eOAuthAccessToken0123456789abcdefgh";
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

/** What the application's endpoint received. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * GitHub as the runtime calls it: the hook registration and removal, the repositories, and the
 * OAuth2 token endpoint (a form body; answers the token for the code "test-code").
 */
function fakeGitHub(calls: Call[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const text =
      request.method === "GET" || request.method === "DELETE" ? "" : await request.text();
    const url = request.url.split("?")[0]!;
    const form = request.headers
      .get("content-type")
      ?.startsWith("application/x-www-form-urlencoded");
    calls.push({
      method: request.method,
      url,
      authorization: request.headers.get("authorization"),
      body: !text
        ? undefined
        : form
          ? Object.fromEntries(new URLSearchParams(text))
          : JSON.parse(text),
    });
    if (request.method === "POST" && url === TOKEN_URL) {
      const code = new URLSearchParams(text).get("code");
      return code === "test-code"
        ? Response.json({
            access_token: ACCESS_TOKEN,
            token_type: "bearer",
            scope: "repo,read:user",
          })
        : Response.json({ error: "bad_verification_code" });
    }
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

/** The application's webhook endpoint: records each POST, answers 200. */
async function startReceiver(received: Received[]): Promise<Server> {
  const receiver = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return receiver;
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
  const received: Received[] = [];
  const problems: string[] = [];
  let runtime: Runtime;
  let server: RuntimeServer;
  let worker: DeliveryWorker;
  let receiver: Server;
  let receiverUrl: string;
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
    worker = createDeliveryWorker(runtime, { intervalMs: 100 });
    worker.start();
    receiver = await startReceiver(received);
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
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
    await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on("console", (message) => {
      if (message.type() === "error" && !/favicon|404 \(Not Found\)/.test(message.text())) {
        problems.push(message.text());
      }
    });
    page.on("pageerror", (error) => problems.push(error.message));
    if (SCREENSHOTS) mkdirSync(screenshotDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await runtime?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** The page, or one part of it. */
  const shoot = async (name: string, part?: Locator) => {
    if (!SCREENSHOTS) return;
    const path = join(screenshotDir, `${name}.png`);
    await (part ? part.screenshot({ path }) : page.screenshot({ path, fullPage: true }));
  };
  /** The focused element's text (what Enter would act on). */
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? "");

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

    // 3. The application's delivery endpoint: its signing secret shown once, copied, never listed.
    await page.getByRole("link", { name: "Endpoints" }).click();
    const register = page.locator("form", {
      has: page.getByRole("heading", { name: "Register an endpoint" }),
    });
    await register.getByRole("button", { name: "Register endpoint" }).click();
    await register.getByText("URL is required.").waitFor();
    await register.getByLabel(/^URL/).fill(`${receiverUrl}/triggo/events`);
    await register.getByLabel(/^User ids/).fill("user-1");
    await register.getByRole("button", { name: "Register endpoint" }).click();
    const panel = page.locator("[data-secret-panel]");
    const signingSecret = await panel.getByLabel("Signing secret").inputValue();
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await panel.getByRole("button", { name: "Copy" }).click();
    await panel.getByText("Copied.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(signingSecret);
    const endpoint = page.locator("[data-endpoint]");
    await endpoint.getByText(`${receiverUrl}/triggo/events`).waitFor();
    await endpoint.getByText(/^Only users user-1 · created/).waitFor();
    expect(await register.getByLabel(/^URL/).inputValue()).toBe("");
    await shoot("delivery-endpoints");
    await panel.getByRole("button", { name: "Done" }).click();
    expect(await page.content()).not.toContain(signingSecret);
    await page.reload();
    await endpoint.waitFor();
    expect(await page.content()).not.toContain(signingSecret);

    // 4. Create the trigger with the form generated from the trigger type's config schema.
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

    // 5. Events, live: a signed push arrives while the page is open.
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
    // The worker POSTs it to the application's endpoint, signed with the secret the page showed.
    await expect.poll(() => received.length).toBe(1);
    const triggerId = webhookUrl.split("/").pop();
    const sent = received[0]!;
    expect(() =>
      verifyStandardWebhook({ secret: signingSecret, body: sent.body, headers: sent.headers }),
    ).not.toThrow();
    expect(sent.headers["webhook-id"]).toMatch(/^dl_/);
    expect(JSON.parse(sent.body)).toMatchObject({
      type: "trigger.event",
      triggerId,
      userId: "user-1",
      eventId: SHA,
      payload: { branch: "main", commit: { id: SHA, message: "Update README" } },
    });
    // The event's delivery attempts: delivered, once the page's refresh shows the worker's log.
    await event.getByText("Delivery attempts").click();
    const attempt = event.locator(".attempts li").first();
    await expect
      .poll(async () => {
        await event.getByRole("button", { name: "Refresh attempts" }).click();
        return attempt.textContent({ timeout: 2_000 }).catch(() => "");
      })
      .toMatch(/^#1 to we_\w+: delivered HTTP 200 in \d+ ms/);
    await shoot("events");

    // Disable, then delete: the hook is removed at GitHub.
    await page.getByRole("link", { name: "Triggers" }).click();
    const card = page.locator("[data-trigger]");
    await card.getByRole("button", { name: "Disable" }).click();
    await card.getByText("disabled", { exact: true }).waitFor();
    await card.getByRole("button", { name: "Delete" }).click();
    await card.getByRole("group", { name: /^Delete the trigger ti_/ }).waitFor();
    await card.getByRole("button", { name: "Yes" }).click();
    await page.getByText("No triggers for user-1.").waitFor();
    expect(calls.some((call) => call.method === "DELETE" && call.url === `${HOOKS}/1`)).toBe(true);

    // The endpoint deleted: nothing more is sent to it.
    await page.getByRole("link", { name: "Endpoints" }).click();
    await endpoint.getByRole("button", { name: "Delete" }).click();
    await endpoint.getByRole("button", { name: "Yes" }).click();
    await page.getByText("No endpoints yet").waitFor();

    // No secret in the page or its address; no CSP violation or script error.
    const html = await page.content();
    expect(html).not.toContain(API_KEY);
    expect(html).not.toContain(TOKEN);
    expect(page.url()).not.toContain(API_KEY);
    expect(problems).toEqual([]);
  });

  it("creates an auth config, connects an account through GitHub's OAuth2 flow, shows a refusal", async () => {
    await page.goto(`${base}/accounts`);
    const configs = page.locator("section", {
      has: page.getByRole("heading", { name: "Auth configs" }),
    });
    const create = configs.locator("form");
    await create.getByLabel("Connector").selectOption("github");
    // Generated from GitHub's auth: the client (the secret masked) and its scopes by default.
    expect(await create.getByLabel(/^Scopes/).inputValue()).toBe("repo\nread:user");
    const clientSecret = create.getByLabel(/^Client secret/);
    expect(await clientSecret.getAttribute("type")).toBe("password");
    await create.getByLabel(/^Name/).fill("GitHub OAuth app");
    await clientSecret.fill(CLIENT_SECRET);
    await clientSecret.press("Enter");
    await create.getByText("Enter the client id with its secret.").waitFor();
    await create.getByLabel(/^Client id/).fill(CLIENT_ID);
    await clientSecret.press("Enter");
    const createdNotice = page.getByText(/^Created the auth config ac_\w+\.$/);
    const configId = /ac_\w+/.exec((await createdNotice.textContent()) ?? "")![0];
    const config = configs.locator(`[data-auth-config="${configId}"]`);
    await config.getByText("client id and secret: stored · app settings: none").waitFor();
    await config.getByText(/^Scopes: repo, read:user/).waitFor();
    expect(await create.getByLabel(/^Client secret/).inputValue()).toBe("");
    await shoot("auth-configs", configs);

    // Connect user-2 through it: the dashboard starts the flow and goes to GitHub's page, which
    // (routed here) sends the browser back to the runtime's callback with a code.
    let authorize: URL | undefined;
    await page.route(`${AUTHORIZE}**`, async (route) => {
      authorize = new URL(route.request().url());
      const back = new URL(authorize.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", "test-code");
      back.searchParams.set("state", authorize.searchParams.get("state")!);
      await route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    const connect = page.locator("form", {
      has: page.getByRole("heading", { name: "Connect an account" }),
    });
    await connect.getByLabel("User id").fill("user-2");
    await connect.getByLabel("Connector").selectOption("github");
    const authConfig = connect.getByLabel("Auth config");
    await expect
      .poll(() => authConfig.locator("option").allTextContents())
      .toContain(`GitHub OAuth app (${configId})`);
    await authConfig.selectOption(configId);
    const landing = page.waitForRequest((request) => request.url().startsWith(`${base}/accounts?`));
    await connect.getByRole("button", { name: "Connect with GitHub" }).click();
    const back = new URL((await landing).url());
    expect([...back.searchParams.keys()]).toEqual(["status", "connectedAccountId"]);
    expect(back.searchParams.get("status")).toBe("success");
    const accountId = back.searchParams.get("connectedAccountId")!;
    expect(accountId).toMatch(/^ca_/);
    await page.getByText(`Connected the account ${accountId}.`).waitFor();
    const account = page.locator(`[data-account="${accountId}"]`);
    await account.getByText("active").waitFor();
    await account.getByText(`User user-2 · created`, { exact: false }).waitFor();
    await account.getByText(`auth config ${configId}`, { exact: false }).waitFor();
    expect(page.url()).toBe(`${base}/accounts`);

    expect(authorize?.origin + authorize!.pathname).toBe(AUTHORIZE);
    expect(authorize!.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(authorize!.searchParams.get("redirect_uri")).toBe(`${base}/oauth/callback`);
    expect(authorize!.searchParams.get("scope")).toBe("repo read:user");
    expect(authorize!.searchParams.get("state")).toMatch(/^[\w-]{32,}$/);
    const exchanges = calls.filter((call) => call.url === TOKEN_URL);
    expect(exchanges).toEqual([
      {
        method: "POST",
        url: TOKEN_URL,
        authorization: null,
        body: {
          grant_type: "authorization_code",
          code: "test-code",
          redirect_uri: `${base}/oauth/callback`,
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
        },
      },
    ]);

    // The user declines at GitHub: the dashboard says so, and no account is made.
    await page.unroute(`${AUTHORIZE}**`);
    await page.route(`${AUTHORIZE}**`, async (route) => {
      const request = new URL(route.request().url());
      const refused = new URL(request.searchParams.get("redirect_uri")!);
      refused.searchParams.set("error", "access_denied");
      refused.searchParams.set("state", request.searchParams.get("state")!);
      await route.fulfill({ status: 302, headers: { location: refused.toString() } });
    });
    await connect.getByLabel("User id").fill("user-3");
    await connect.getByRole("button", { name: "Connect with GitHub" }).click();
    await page
      .getByRole("alert")
      .getByText(
        "The connection failed: The provider did not authorize the connection: access_denied. (FORBIDDEN)",
      )
      .waitFor();
    await page.getByText("No accounts for user-3.").waitFor();
    const listed = await fetch(`${base}/api/connected-accounts?userId=user-3`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);
    expect(calls.filter((call) => call.url === TOKEN_URL)).toHaveLength(1);
    await page.unroute(`${AUTHORIZE}**`);

    // No secret in the page or its address.
    for (const secret of [CLIENT_SECRET, ACCESS_TOKEN, API_KEY]) {
      expect(await page.content()).not.toContain(secret);
      expect(page.url()).not.toContain(secret);
    }

    // Delete the account, then its auth config, from the keyboard: Delete, then No (focused) or
    // Escape to keep it, Yes to delete.
    await page.getByLabel("User id").first().fill("user-2");
    await page.getByLabel("User id").first().press("Enter");
    await account.getByRole("button", { name: "Delete" }).click();
    await account.getByRole("button", { name: "Yes" }).click();
    await page.getByText(`Deleted the account ${accountId}.`).waitFor();
    await config.getByRole("button", { name: "Delete" }).focus();
    await page.keyboard.press("Enter");
    await config.getByRole("group", { name: `Delete the auth config ${configId}?` }).waitFor();
    expect(await focused()).toBe("No");
    await page.keyboard.press("Escape");
    expect(await focused()).toBe("Delete");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    expect(await focused()).toBe("Yes");
    await page.keyboard.press("Enter");
    await page.getByText(`Deleted the auth config ${configId}.`).waitFor();
    await configs.getByText("No auth configs yet.").waitFor();
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
    // Focus moves to the heading once the page has rendered.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName), { timeout: 15_000 })
      .toBe("H1");
    await shoot("narrow");
  });
});
