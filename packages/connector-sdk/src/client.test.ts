import { createLogger, type LogRecord } from "@triggo/shared";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createAction } from "./action";
import { ConnectorAuth, type OAuth2Credentials } from "./auth";
import { createConnector } from "./connector";
import { createCustomApiCallAction } from "./custom-api-call";
import { Property } from "./property";

const seen: Request[] = [];
const server = setupServer();
beforeAll(() => {
  server.events.on("request:start", ({ request }) => {
    seen.push(request.clone());
  });
  server.listen({ onUnhandledRequest: "error" });
});
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const TOKEN = "xoxb-secret-token-123456";

const auth = ConnectorAuth.SecretText({
  displayName: "API key",
  description: "Your key.",
  env: "NOTES_TEST_API_KEY",
  async validate({ http: client }) {
    await client.get("/me");
  },
});

const createNote = createAction({
  name: "create_note",
  displayName: "Create note",
  description: "Creates a note.",
  auth,
  props: {
    title: Property.ShortText({ displayName: "Title", required: true }),
    folder: Property.Dropdown({
      displayName: "Folder",
      refreshers: ["title"],
      async options({ auth: token, http: client, propsValue, searchValue }) {
        if (!token) return { options: [], disabled: true, placeholder: "Connect an account first" };
        const response = await client.get<{ folders: { id: string; name: string }[] }>("/folders", {
          query: { q: searchValue, near: propsValue.title as string | undefined },
        });
        return {
          options: response.body.folders.map((folder) => ({
            label: folder.name,
            value: folder.id,
          })),
        };
      },
    }),
  },
  output: z.object({ id: z.string() }),
  async run(context) {
    context.logger.info(`creating with ${context.auth}`, {
      token: context.auth,
      title: context.propsValue.title,
    });
    const response = await context.http.post<{ id: string }>("/notes", {
      json: { title: context.propsValue.title, folder: context.propsValue.folder },
    });
    return { id: response.body.id };
  },
});

const leaky = createAction({
  name: "leaky",
  displayName: "Leaky",
  description: "Throws an error that quotes the token.",
  auth,
  async run(context) {
    throw new Error(`upstream said: bad token ${context.auth}`);
  },
});

const notes = createConnector({
  name: "notes",
  displayName: "Notes",
  description: "A notes service.",
  version: "1.2.3",
  auth,
  http: { baseUrl: "https://api.notes.test/v1", headers: { "X-Api-Version": "2026-01-01" } },
  actions: [createNote, leaky, createCustomApiCallAction({ auth, apiName: "the Notes API" })],
  triggers: [],
});

describe("the typed client", () => {
  it("sends the action's request with the connector's auth, base URL, headers and User-Agent", async () => {
    server.use(
      http.post("https://api.notes.test/v1/notes", () => HttpResponse.json({ id: "n_1" })),
    );
    const client = notes.init({ auth: TOKEN });
    await expect(client.actions.create_note({ title: "Hello", folder: "f_1" })).resolves.toEqual({
      id: "n_1",
    });
    const request = seen[0]!;
    expect(request.method).toBe("POST");
    expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request.headers.get("x-api-version")).toBe("2026-01-01");
    expect(request.headers.get("user-agent")).toMatch(
      /^triggo-notes\/1\.2\.3 triggo\/\d+\.\d+\.\d+/,
    );
    expect(await request.json()).toEqual({ title: "Hello", folder: "f_1" });
  });

  it("reads the secret from the auth's environment variable when init gets none", async () => {
    server.use(
      http.post("https://api.notes.test/v1/notes", () => HttpResponse.json({ id: "n_2" })),
    );
    process.env.NOTES_TEST_API_KEY = "env-secret-value";
    try {
      await notes.init().actions.create_note({ title: "x" });
      expect(seen[0]!.headers.get("authorization")).toBe("Bearer env-secret-value");
    } finally {
      delete process.env.NOTES_TEST_API_KEY;
    }
  });

  it("says how to give the credentials when there are none", () => {
    expect(() => notes.init()).toThrow(
      'Connector "notes" needs API key: pass init({ auth: "<secret>" }) or set the NOTES_TEST_API_KEY environment variable.',
    );
  });

  it("maps provider failures to ConnectorErrors with the provider's message", async () => {
    server.use(
      http.post("https://api.notes.test/v1/notes", () =>
        HttpResponse.json({ error: { message: "Folder f_9 does not exist" } }, { status: 404 }),
      ),
    );
    const call = notes.init({ auth: TOKEN }).actions.create_note({ title: "x", folder: "f_9" });
    await expect(call).rejects.toMatchObject({
      name: "ConnectorError",
      code: "NOT_FOUND",
      status: 404,
      retryable: false,
    });
    await expect(call).rejects.toThrow(/Folder f_9 does not exist/);
  });

  it("never lets the secret into errors or logs", async () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ level: "debug", sink: (record) => records.push(record) });
    const client = notes.init({ auth: TOKEN, logger });
    const error = await client.actions.leaky().catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ code: "UNKNOWN" });
    expect(error.message).toBe("notes.leaky failed: upstream said: bad token [REDACTED]");
    expect(JSON.stringify(error)).not.toContain(TOKEN);

    server.use(
      http.post("https://api.notes.test/v1/notes", () => HttpResponse.json({ id: "n_3" })),
    );
    await client.actions.create_note({ title: "t" });
    const text = JSON.stringify(records);
    expect(records.some((record) => record.message === "creating with [REDACTED]")).toBe(true);
    expect(text).not.toContain(TOKEN);
  });

  it("loads dynamic dropdown options with the auth, the other props and the search text", async () => {
    server.use(
      http.get("https://api.notes.test/v1/folders", () =>
        HttpResponse.json({ folders: [{ id: "f_1", name: "Inbox" }] }),
      ),
    );
    const client = notes.init({ auth: TOKEN });
    await expect(
      client.options({
        action: "create_note",
        prop: "folder",
        propsValue: { title: "Plan" },
        searchValue: "In",
      }),
    ).resolves.toEqual({ options: [{ label: "Inbox", value: "f_1" }] });
    expect(new URL(seen[0]!.url).search).toBe("?q=In&near=Plan");
    await expect(client.options({ action: "create_note", prop: "title" })).rejects.toThrow(
      'notes.create_note has no dropdown prop "title".',
    );
  });

  it("checks credentials with the auth's cheap call", async () => {
    server.use(
      http.get("https://api.notes.test/v1/me", () =>
        HttpResponse.json({ message: "invalid key" }, { status: 401 }),
      ),
    );
    await expect(notes.init({ auth: TOKEN }).validateAuth()).rejects.toMatchObject({
      code: "AUTH_INVALID",
    });
  });

  it("custom_api_call reaches any endpoint but refuses full URLs", async () => {
    server.use(
      http.get("https://api.notes.test/v1/tags", () => HttpResponse.json({ tags: ["a"] })),
    );
    const client = notes.init({ auth: TOKEN });
    const result = await client.actions.custom_api_call({
      method: "GET",
      path: "/tags",
      query: { limit: 5 },
    });
    expect(result).toMatchObject({ status: 200, body: { tags: ["a"] } });
    expect(seen[0]!.url).toBe("https://api.notes.test/v1/tags?limit=5");
    await client.actions.custom_api_call({
      method: "GET",
      path: "tags",
      query: { created: { gte: 1 }, id: ["a", "b"] },
    });
    expect(decodeURIComponent(seen[1]!.url)).toBe(
      "https://api.notes.test/v1/tags?created[gte]=1&id=a&id=b",
    );
    await expect(
      client.actions.custom_api_call({ method: "GET", path: "https://evil.test/steal" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      client.actions.custom_api_call({ method: "GET", path: "//evil.test/steal" }),
    ).rejects.toThrow(/must be relative to the API's base URL/);
  });

  it("honours the caller's abort signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      notes
        .init({ auth: TOKEN })
        .actions.create_note({ title: "x" }, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: "ABORTED" });
    expect(seen).toHaveLength(0);
  });
});

describe("custom auth", () => {
  const keys = ConnectorAuth.CustomAuth({
    displayName: "Keys",
    description: "An API key and a region.",
    props: {
      apiKey: Property.ShortText({ displayName: "API key", required: true }),
      region: Property.StaticDropdown({
        displayName: "Region",
        required: true,
        options: [
          { label: "US", value: "us" },
          { label: "EU", value: "eu" },
        ],
      }),
    },
  });
  const regional = createConnector({
    name: "regional",
    displayName: "Regional",
    description: "A regional service.",
    auth: keys,
    http: {
      baseUrl: (value) => `https://${value.region}.api.regional.test`,
      authenticate: (value) => ({ type: "header", name: "X-Api-Key", value: value.apiKey }),
    },
    actions: [
      createAction({
        name: "ping",
        displayName: "Ping",
        description: "Pings.",
        auth: keys,
        async run(context) {
          return (await context.http.get<{ pong: boolean }>("/ping")).body;
        },
      }),
    ],
    triggers: [],
  });

  it("takes optional fields as optional", async () => {
    const optional = ConnectorAuth.CustomAuth({
      displayName: "Keys",
      description: "A key and an optional account.",
      props: {
        apiKey: Property.ShortText({ displayName: "API key", required: true }),
        accountId: Property.ShortText({ displayName: "Account" }),
      },
    });
    const service = createConnector({
      name: "optional-fields",
      displayName: "Optional fields",
      description: "Optional auth fields.",
      auth: optional,
      http: {
        baseUrl: "https://api.optional.test",
        authenticate: (value) => ({ type: "bearer", token: value.apiKey }),
        headers: (value): Record<string, string> =>
          value.accountId ? { "X-Account": value.accountId } : {},
      },
      actions: [],
      triggers: [],
    });
    server.use(http.get("https://api.optional.test/ping", () => HttpResponse.json({})));
    await service.init({ auth: { apiKey: "key-123456" } }).http.get("/ping");
    expect(seen[0]!.headers.get("x-account")).toBeNull();
  });

  it("validates the fields, naming each bad one", () => {
    expect(() => regional.init({ auth: { apiKey: "k" } as never })).toThrow(
      '"region" (Region) is required',
    );
    expect(() => regional.init({ auth: { apiKey: "k", region: "mars" } as never })).toThrow(
      '"region" (Region) must be one of "us", "eu"',
    );
  });

  it("puts the fields on the wire as the connector says", async () => {
    server.use(
      http.get("https://eu.api.regional.test/ping", () => HttpResponse.json({ pong: true })),
    );
    await expect(
      regional.init({ auth: { apiKey: "key-123456", region: "eu" } }).actions.ping(),
    ).resolves.toEqual({ pong: true });
    expect(seen[0]!.headers.get("x-api-key")).toBe("key-123456");
    expect(seen[0]!.headers.get("authorization")).toBeNull();
  });
});

describe("OAuth2 accounts", () => {
  const oauth = ConnectorAuth.OAuth2({
    displayName: "Account",
    description: "Connect your account.",
    authorizationUrl: "https://auth.oauth.test/authorize",
    tokenUrl: "https://auth.oauth.test/token",
    scopes: ["read"],
  });
  const service = createConnector({
    name: "oauth-service",
    displayName: "OAuth service",
    description: "A service behind OAuth2.",
    auth: oauth,
    http: { baseUrl: "https://api.oauth.test" },
    actions: [
      createAction({
        name: "whoami",
        displayName: "Who am I",
        description: "The account.",
        auth: oauth,
        async run(context) {
          return (await context.http.get<{ id: string }>("/me")).body;
        },
      }),
    ],
    triggers: [],
  });

  it("refreshes an expiring token first, once, and hands the new tokens to be persisted", async () => {
    let tokenCalls = 0;
    server.use(
      http.post("https://auth.oauth.test/token", async ({ request }) => {
        tokenCalls += 1;
        const form = new URLSearchParams(await request.text());
        expect(form.get("grant_type")).toBe("refresh_token");
        expect(form.get("refresh_token")).toBe("refresh-old-123");
        return HttpResponse.json({
          access_token: "access-new-123",
          refresh_token: "refresh-new-123",
          expires_in: 3600,
        });
      }),
      http.get("https://api.oauth.test/me", ({ request }) =>
        request.headers.get("authorization") === "Bearer access-new-123"
          ? HttpResponse.json({ id: "u1" })
          : HttpResponse.json({ error: "expired" }, { status: 401 }),
      ),
    );
    const persisted: unknown[] = [];
    const client = service.init({
      auth: {
        accessToken: "access-old-123",
        refreshToken: "refresh-old-123",
        expiresAt: Date.now() + 5_000,
      },
      oauth2: {
        clientId: "client",
        clientSecret: "client-secret-xyz",
        onTokens: (tokens) => void persisted.push(tokens),
      },
    });
    const results = await Promise.all([
      client.actions.whoami(),
      client.actions.whoami(),
      client.actions.whoami(),
    ]);
    expect(results).toEqual([{ id: "u1" }, { id: "u1" }, { id: "u1" }]);
    expect(tokenCalls).toBe(1);
    expect(persisted).toEqual([
      expect.objectContaining({
        accessToken: "access-new-123",
        refreshToken: "refresh-new-123",
        expiresAt: expect.any(Number),
      }),
    ]);
  });

  it("lets oauth2.refresh answer with tokens got elsewhere, or ask, keeping the account's other fields", async () => {
    let tokenCalls = 0;
    server.use(
      http.post("https://auth.oauth.test/token", () => {
        tokenCalls += 1;
        return HttpResponse.json({
          access_token: "access-asked-123",
          refresh_token: "refresh-asked-123",
          expires_in: 3600,
          bot_user_id: "U2",
        });
      }),
      http.get("https://api.oauth.test/me", ({ request }) =>
        HttpResponse.json({ id: request.headers.get("authorization") }),
      ),
    );
    const expired = {
      accessToken: "access-old-123",
      refreshToken: "refresh-old-123",
      expiresAt: Date.now() - 1_000,
      data: { team: { id: "T1" } },
    };
    const elsewhere = service.init({
      auth: expired,
      oauth2: {
        clientId: "client",
        clientSecret: "client-secret-xyz",
        refresh: async (refreshToken) => {
          expect(refreshToken).toBe("refresh-old-123");
          return { accessToken: "access-elsewhere-123", expiresAt: Date.now() + 3_600_000 };
        },
      },
    });
    expect(await elsewhere.actions.whoami()).toEqual({ id: "Bearer access-elsewhere-123" });
    expect(tokenCalls).toBe(0);

    const persisted: OAuth2Credentials[] = [];
    const asked = service.init({
      auth: expired,
      oauth2: {
        clientId: "client",
        clientSecret: "client-secret-xyz",
        refresh: (_refreshToken, refresh) => refresh(),
        onTokens: (tokens) => void persisted.push(tokens),
      },
    });
    expect(await asked.actions.whoami()).toEqual({ id: "Bearer access-asked-123" });
    expect(tokenCalls).toBe(1);
    expect(persisted[0]).toMatchObject({
      accessToken: "access-asked-123",
      refreshToken: "refresh-asked-123",
      data: { team: { id: "T1" }, bot_user_id: "U2" },
    });
    expect(persisted[0]?.data).not.toHaveProperty("access_token");
  });

  it("maps a refused refresh token to AUTH_EXPIRED, and reports it to onRefreshError", async () => {
    const refusals: string[] = [];
    server.use(
      http.post("https://auth.oauth.test/token", () =>
        HttpResponse.json({ error: "invalid_grant" }, { status: 400 }),
      ),
    );
    const client = service.init({
      auth: {
        accessToken: "access-old-123",
        refreshToken: "refresh-old-123",
        expiresAt: Date.now() - 1_000,
      },
      oauth2: {
        clientId: "client",
        clientSecret: "client-secret-xyz",
        onRefreshError: (error) => void refusals.push(error.code),
      },
    });
    await expect(client.actions.whoami()).rejects.toMatchObject({
      code: "AUTH_EXPIRED",
      retryable: false,
    });
    expect(refusals).toEqual(["AUTH_EXPIRED"]);
  });

  it("takes a pasted token when the auth allows one, and says so when it does not", async () => {
    const withToken = createConnector({
      name: "token-service",
      displayName: "Token service",
      description: "OAuth2, or a pasted token.",
      auth: ConnectorAuth.OAuth2({
        ...oauth,
        manualToken: {
          displayName: "personal access token",
          description: "Create one in settings.",
          env: "TOKEN_SERVICE_TEST_TOKEN",
        },
      }),
      http: { baseUrl: "https://api.oauth.test" },
      actions: [
        createAction({
          name: "whoami",
          displayName: "Who am I",
          description: "The account.",
          async run(context) {
            return (await context.http.get<{ id: string }>("/me")).body;
          },
        }),
      ],
      triggers: [],
    });
    server.use(http.get("https://api.oauth.test/me", () => HttpResponse.json({ id: "u2" })));
    await expect(withToken.init({ auth: "pat-123456789" }).actions.whoami()).resolves.toEqual({
      id: "u2",
    });
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer pat-123456789");
    expect(() => service.init({ auth: "pat-123456789" })).toThrow(
      'Connector "oauth-service" takes OAuth2 tokens, not a pasted token',
    );
    expect(() => withToken.init()).toThrow(
      "or a personal access token as a string (or set TOKEN_SERVICE_TEST_TOKEN)",
    );
    expect(withToken.describe().auth.manualToken).toEqual({
      displayName: "personal access token",
      description: "Create one in settings.",
      env: "TOKEN_SERVICE_TEST_TOKEN",
    });
  });
});
