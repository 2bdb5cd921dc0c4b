import { signGitHubWebhook } from "@triggo/shared";
import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { passthrough } from "msw";
import { afterEach, expect, it } from "vitest";
import { describeEachDatabase } from "./runtime-test-databases";
import {
  createTestRuntime,
  GITHUB_TOKEN,
  githubPush,
  PUBLIC_URL,
  providerHandlers,
  STRIPE_KEY,
  stateOf,
} from "./runtime-test-support";
import { createRuntimeServer } from "./server";

const API_KEY = "trg_test_routes_key_0123456789";
const config = { owner: "octocat", repo: "Hello-World" };

describeEachDatabase(
  "runtime HTTP server: catalog, auth configs, events, endpoints",
  (database) => {
    const api = useMockApi(
      http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
      ...providerHandlers,
    );
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
    });

    async function start() {
      const { runtime } = await createTestRuntime(database());
      const server = createRuntimeServer(runtime, { apiKeys: [API_KEY], publicUrl: PUBLIC_URL });
      const { url } = await server.listen(0, "127.0.0.1");
      closers.push(() => server.close());
      const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${API_KEY}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return {
          status: response.status,
          text,
          json: text ? (JSON.parse(text) as any) : undefined,
        };
      };
      return { runtime, url, call, server };
    }

    async function githubTrigger(call: Awaited<ReturnType<typeof start>>["call"]) {
      const account = await call("POST", "/api/connected-accounts", {
        userId: "user-1",
        connector: "github",
        credentials: GITHUB_TOKEN,
      });
      const created = await call("POST", "/api/triggers", {
        userId: "user-1",
        slug: "GITHUB_COMMIT_EVENT",
        triggerConfig: config,
      });
      const triggerId = created.json.triggerId as string;
      const secret = (await stateOf(database(), triggerId)).signingSecret as string;
      return { accountId: account.json.id as string, triggerId, secret };
    }

    it("lists the catalog: every connector with its actions, and its triggers with their slugs", async () => {
      const { call } = await start();
      const { status, json } = await call("GET", "/api/connectors");
      expect(status).toBe(200);
      expect(json.items.map((item: { name: string }) => item.name).sort()).toEqual([
        "github",
        "slack",
        "stripe",
        "typeform",
      ]);
      const githubEntry = json.items.find((item: { name: string }) => item.name === "github");
      expect(githubEntry.auth.type).toBe("OAUTH2");
      expect(githubEntry.appConfigKeys).toEqual([]);
      expect(
        json.items.find((item: { name: string }) => item.name === "slack").appConfigKeys,
      ).toEqual(["signingSecret"]);
      expect(githubEntry.actions.map((action: { name: string }) => action.name)).toContain(
        "create_issue",
      );
      expect(githubEntry.triggers).toContainEqual(
        expect.objectContaining({ name: "new_commit", slug: "GITHUB_NEW_COMMIT", type: "WEBHOOK" }),
      );
    });

    it("creates, lists and deletes auth configs, never answering their secrets", async () => {
      const { call } = await start();
      const created = await call("POST", "/api/auth-configs", {
        connector: "github",
        name: "Our OAuth app",
        clientId: "Iv1.0123456789",
        clientSecret: "auth-config-secret-0123456789",
        scopes: ["repo"],
      });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({
        connector: "github",
        name: "Our OAuth app",
        scopes: ["repo"],
        hasClientCredentials: true,
      });
      const listed = await call("GET", "/api/auth-configs?connector=github");
      expect(listed.json.items).toHaveLength(1);
      for (const answer of [
        created,
        listed,
        await call("GET", `/api/auth-configs/${created.json.id}`),
      ]) {
        expect(answer.text).not.toContain("auth-config-secret");
      }

      const bad = await call("POST", "/api/auth-configs", {
        connector: "github",
        scopes: "repo",
        clientId: "only-the-id",
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.issues).toEqual([
        { prop: "scopes", message: '"scopes" must be an array of strings' },
      ]);

      expect((await call("DELETE", `/api/auth-configs/${created.json.id}`)).json).toEqual({
        id: created.json.id,
        deleted: true,
      });
      expect((await call("GET", "/api/auth-configs")).json.items).toEqual([]);
    });

    it("gives a webhook trigger's URL, lists its events newest first, and streams new ones", async () => {
      const { call, url } = await start();
      const { triggerId, secret } = await githubTrigger(call);
      const trigger = await call("GET", `/api/triggers/${triggerId}`);
      expect(trigger.json.webhookUrl).toBe(`${PUBLIC_URL}/webhooks/${triggerId}`);
      const listed = await call("GET", "/api/triggers?userId=user-1");
      expect(listed.json.items[0].webhookUrl).toBe(`${PUBLIC_URL}/webhooks/${triggerId}`);

      const controller = new AbortController();
      const stream = await fetch(`${url}/api/events/stream?triggerId=${triggerId}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
        signal: controller.signal,
      });
      expect(stream.headers.get("content-type")).toContain("text/event-stream");
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      expect((await reader.read()).value).toContain(": connected");

      const deliver = async (sha: string, deliveryId: string) => {
        const body = JSON.stringify(githubPush(sha));
        const response = await fetch(`${url}/webhooks/${triggerId}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "push",
            "x-github-delivery": deliveryId,
            ...signGitHubWebhook({ secret, body }),
          },
          body,
        });
        expect(response.status).toBe(200);
      };
      const first = "1111111111111111111111111111111111111111";
      const second = "2222222222222222222222222222222222222222";
      await deliver(first, "d-1");
      let streamed = "";
      while (!streamed.includes(first)) streamed += (await reader.read()).value;
      const frame = streamed.split("\n\n").find((block) => block.includes(first))!;
      expect(frame).toMatch(/^event: event\nid: ev_\w+\ndata: /);
      expect(JSON.parse(frame.split("data: ")[1]!)).toMatchObject({ triggerId, eventId: first });
      controller.abort();

      await deliver(second, "d-2");
      const events = await call("GET", `/api/events?triggerId=${triggerId}`);
      expect(events.json.items.map((event: { eventId: string }) => event.eventId)).toEqual([
        second,
        first,
      ]);
      expect(
        (await call("GET", `/api/events?triggerId=${triggerId}&limit=1`)).json.items,
      ).toHaveLength(1);
      const badLimit = await call("GET", "/api/events?limit=0");
      expect(badLimit.status).toBe(400);
      expect(badLimit.json.error.issues[0].prop).toBe("limit");
      expect((await call("GET", "/api/events?limit=ten")).status).toBe(400);
    });

    it("registers a delivery endpoint, answers its secret once, and logs its attempts", async () => {
      const { call } = await start();
      const created = await call("POST", "/api/delivery-endpoints", {
        url: "https://app.example.com/triggo",
        // An alias names the same trigger type: the endpoint keeps its slug.
        filters: { slugs: ["github_commit_event"] },
      });
      expect(created.status).toBe(201);
      expect(created.json.secret).toMatch(/^whsec_/);
      const listed = await call("GET", "/api/delivery-endpoints");
      expect(listed.json.items).toEqual([
        expect.objectContaining({
          endpointId: created.json.endpointId,
          url: "https://app.example.com/triggo",
          filters: { slugs: ["GITHUB_NEW_COMMIT"] },
        }),
      ]);
      expect(listed.text).not.toContain(created.json.secret);
      expect((await call("GET", "/api/delivery-attempts")).json.items).toEqual([]);

      const bad = await call("POST", "/api/delivery-endpoints", {
        url: "https://app.example.com/x",
        filters: { slugs: "GITHUB_NEW_COMMIT", users: ["u"] },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.issues.map((issue: { prop: string }) => issue.prop)).toEqual(["users"]);
      const unknown = await call("POST", "/api/delivery-endpoints", {
        url: "https://app.example.com/x",
        filters: { slugs: ["GITHUB_NEW_COMIT"] },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.issues[0].prop).toBe("filters.slugs");
      expect(unknown.json.error.message).toContain("GITHUB_NEW_COMMIT");
      const notUrl = await call("POST", "/api/delivery-endpoints", { url: "ftp://x" });
      expect(notUrl.json.error.issues[0].prop).toBe("url");

      const removed = await call("DELETE", `/api/delivery-endpoints/${created.json.endpointId}`);
      expect(removed.json).toEqual({ endpointId: created.json.endpointId, deleted: true });
    });

    it("fills a trigger type's dynamic dropdowns with the account's options", async () => {
      const { call } = await start();
      api.use(
        http.get("https://api.github.com/user/repos", () =>
          HttpResponse.json([
            {
              id: 1,
              name: "Hello-World",
              full_name: "octocat/Hello-World",
              owner: { login: "octocat" },
            },
            {
              id: 2,
              name: "Spoon-Knife",
              full_name: "octocat/Spoon-Knife",
              owner: { login: "octocat" },
            },
            { id: 3, name: "docs", full_name: "github/docs", owner: { login: "github" } },
          ]),
        ),
      );
      const account = await call("POST", "/api/connected-accounts", {
        userId: "user-1",
        connector: "github",
        credentials: GITHUB_TOKEN,
      });
      const owners = await call("POST", "/api/trigger-types/GITHUB_COMMIT_EVENT/options", {
        connectedAccountId: account.json.id,
        prop: "owner",
      });
      expect(owners.json).toEqual({
        options: [
          { label: "octocat", value: "octocat" },
          { label: "github", value: "github" },
        ],
      });
      const repos = await call("POST", "/api/trigger-types/GITHUB_COMMIT_EVENT/options", {
        connectedAccountId: account.json.id,
        prop: "repo",
        triggerConfig: { owner: "octocat" },
      });
      expect(repos.json.options.map((option: { value: string }) => option.value)).toEqual([
        "Hello-World",
        "Spoon-Knife",
      ]);
      expect(
        api.callsTo("GET", "https://api.github.com/user/repos")[0]?.headers.authorization,
      ).toBe(`Bearer ${GITHUB_TOKEN}`);

      const stripeAccount = await call("POST", "/api/connected-accounts", {
        userId: "user-1",
        connector: "stripe",
        credentials: { apiKey: STRIPE_KEY },
      });
      expect(stripeAccount.status).toBe(201);
      const wrong = await call("POST", "/api/trigger-types/GITHUB_COMMIT_EVENT/options", {
        connectedAccountId: stripeAccount.json.id,
        prop: "owner",
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json.error.message).toContain("needs a github one");
      const missing = await call("POST", "/api/trigger-types/GITHUB_COMMIT_EVENT/options", {});
      expect(missing.json.error.issues.map((issue: { prop: string }) => issue.prop)).toEqual([
        "connectedAccountId",
        "prop",
      ]);
    });
  },
);
