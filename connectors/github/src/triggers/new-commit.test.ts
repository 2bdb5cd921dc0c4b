import { createHmac } from "node:crypto";
import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import pingFixture from "../__fixtures__/webhook-ping.json";
import push from "../__fixtures__/webhook-push.json";
import {
  deliveryHeaders,
  enabledWebhookTrigger,
  expectGitHubHeaders,
  gitHubError,
  githubHandlers,
  TEST_TOKEN,
} from "../mocks";
import { newCommit } from "./new-commit";

const hooksUrl = "https://api.github.com/repos/octocat/Hello-World/hooks";
const delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

/** A push of two commits to `ref`. */
function pushOf(ref: string) {
  const [first] = push.commits;
  const second = { ...first!, id: "a10867b14bb761a232cd80139fbd4c0d33264240", message: "Fix" };
  return { ...push, ref, commits: [first!, second] };
}

describe("new_commit", () => {
  const api = useMockApi(...githubHandlers);

  it("creates a JSON repository webhook for push with its own secret, and keeps its id", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "POST", endpoint: hooksUrl });
    expect(call.headers).toMatchObject({
      authorization: `Bearer ${TEST_TOKEN}`,
      "x-github-api-version": "2026-03-10",
      "content-type": "application/json",
    });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(call.body).toEqual({
      name: "web",
      active: true,
      events: ["push"],
      config: {
        url: harness.webhookUrl,
        content_type: "json",
        secret,
        insecure_ssl: "0",
      },
    });
    expect(harness.store.snapshot()).toEqual({ hookId: 12345678, signingSecret: secret });
  });

  it("takes over the webhook a repeated enable left at its URL, with a new secret", async () => {
    const { harness } = await enabledWebhookTrigger("new_commit");
    api.use(
      http.post(hooksUrl, () =>
        gitHubError(422, "Validation Failed", {
          errors: [
            { resource: "Hook", code: "custom", message: "Hook already exists on this repository" },
          ],
        }),
      ),
      http.get(hooksUrl, () =>
        HttpResponse.json([
          { id: 1, config: { url: "https://example.com/other" } },
          { id: 777, config: { url: harness.webhookUrl, content_type: "json" } },
        ]),
      ),
    );
    await harness.enable();
    const secret = harness.store.snapshot().signingSecret;
    const [, , lookup, update] = api.calls;
    expect(lookup).toMatchObject({ method: "GET", endpoint: hooksUrl, query: { per_page: "100" } });
    expect(update).toMatchObject({ method: "PATCH", endpoint: `${hooksUrl}/777` });
    expect(update?.body).toEqual({
      active: true,
      events: ["push"],
      config: { url: harness.webhookUrl, content_type: "json", secret, insecure_ssl: "0" },
    });
    expect(harness.store.snapshot()).toMatchObject({ hookId: 777 });
  });

  it("reports a refused registration when no webhook of its own is in the way", async () => {
    api.use(
      http.post(hooksUrl, () => gitHubError(422, "Validation Failed", { errors: ["bad url"] })),
      http.get(hooksUrl, () => HttpResponse.json([])),
    );
    await expect(enabledWebhookTrigger("new_commit")).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("bad url"),
    });
  });

  it("gives each enabled instance a secret of its own", async () => {
    const first = await enabledWebhookTrigger("new_commit");
    const second = await enabledWebhookTrigger("new_commit");
    expect(first.secret).not.toBe(second.secret);
  });

  it("reports a refused registration: 404 without access, FORBIDDEN without the permission", async () => {
    api.use(http.post(hooksUrl, () => gitHubError(404, "Not Found")));
    await expect(enabledWebhookTrigger("new_commit")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    api.use(
      http.post(hooksUrl, () =>
        gitHubError(403, "Resource not accessible by personal access token"),
      ),
    );
    await expect(enabledWebhookTrigger("new_commit")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("turns a signed push into one event per commit, named by SHA", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    const body = pushOf("refs/heads/main");
    const result = await harness.deliver({
      body,
      signWith: secret,
      headers: deliveryHeaders("push", delivery),
    });
    expect(result.deliveryId).toBe(delivery);
    expect(result.events.map((event) => event.id)).toEqual([
      "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      "a10867b14bb761a232cd80139fbd4c0d33264240",
    ]);
    expect(result.events[0]).toEqual({
      id: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      occurredAt: push.commits[0]!.timestamp,
      payload: {
        commit: push.commits[0],
        branch: "main",
        ref: "refs/heads/main",
        compare: push.compare,
        pusher: push.pusher,
        repository: push.repository,
        sender: push.sender,
      },
    });
  });

  it("keeps only the chosen branch, and never tags or deleted branches", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit", {
      owner: "octocat",
      repo: "Hello-World",
      branch: "main",
    });
    const send = (body: unknown) =>
      harness.deliver({ body, signWith: secret, headers: deliveryHeaders("push", delivery) });
    expect((await send(pushOf("refs/heads/main"))).events).toHaveLength(2);
    expect((await send(pushOf("refs/heads/main-2"))).events).toEqual([]);
    expect((await send(pushOf("refs/tags/v1.0"))).events).toEqual([]);
    const deletion = { ...pushOf("refs/heads/main"), deleted: true, commits: [] };
    expect((await send(deletion)).events).toEqual([]);
  });

  it("accepts the signature exactly as GitHub computes it over the raw body", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    const rawBody = JSON.stringify(push, null, 2);
    const signature = createHmac("sha256", secret).update(rawBody).digest("hex");
    const result = await harness.deliver({
      body: rawBody,
      headers: {
        ...deliveryHeaders("push", delivery),
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${signature}`,
      },
    });
    expect(result.events).toHaveLength(1);
  });

  it("signs test deliveries as GitHub's documentation's test vector says", () => {
    const headers = newCommit.signDelivery?.({
      rawBody: "Hello, World!",
      secret: "It's a Secret to Everybody",
    });
    expect(headers?.["X-Hub-Signature-256"]).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  it("refuses a forged, unsigned, altered or SHA-1-only delivery", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    const headers = deliveryHeaders("push", delivery);
    await expect(
      harness.deliver({ body: push, signWith: "not-the-secret", headers }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    await expect(harness.deliver({ body: push, headers })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    const signed = harness.buildRequest({ body: push, signWith: secret, headers });
    const altered = {
      ...signed,
      rawBody: new TextEncoder().encode(JSON.stringify({ ...push, ref: "refs/heads/evil" })),
    };
    await expect(harness.receive(altered)).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    const { "x-hub-signature-256": _dropped, ...sha1Only } = signed.headers;
    await expect(harness.receive({ ...signed, headers: sha1Only })).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
  });

  it("refuses deliveries before it is enabled: there is no secret to check them with", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    await harness.disable();
    await expect(
      harness.deliver({ body: push, signWith: secret, headers: deliveryHeaders("push", delivery) }),
    ).rejects.toMatchObject({ code: "CONFIGURATION" });
  });

  it("gives a redelivery the same delivery id and event ids, so the runtime drops it", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    const send = () =>
      harness.deliver({ body: push, signWith: secret, headers: deliveryHeaders("push", delivery) });
    const first = await send();
    const again = await send();
    expect(again.deliveryId).toBe(first.deliveryId);
    expect(again.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
  });

  it("answers GitHub's ping with 200 and no events", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    await expect(
      harness.deliver({
        body: pingFixture,
        signWith: secret,
        headers: deliveryHeaders("ping", "c3a1b8d0-0000-11ee-8000-000000000000"),
      }),
    ).resolves.toEqual({ handshake: { status: 200 }, matched: true, events: [] });
  });

  it("ignores events it did not subscribe to", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_commit");
    await expect(
      harness.deliver({
        body: push,
        signWith: secret,
        headers: deliveryHeaders("create", delivery),
      }),
    ).resolves.toMatchObject({ events: [] });
  });

  it("deletes its webhook and forgets the secret when disabled", async () => {
    const { harness } = await enabledWebhookTrigger("new_commit");
    await harness.disable();
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "DELETE", endpoint: `${hooksUrl}/12345678` });
    expectGitHubHeaders(call);
    expect(harness.store.snapshot()).toEqual({});
  });

  it("treats a webhook that is already gone as removed", async () => {
    const { harness } = await enabledWebhookTrigger("new_commit");
    api.use(http.delete(`${hooksUrl}/:id`, () => gitHubError(404, "Not Found")));
    await expect(harness.disable()).resolves.toBeUndefined();
    expect(harness.store.snapshot()).toEqual({});
  });

  it("reports another failure to remove the webhook and keeps what it knows", async () => {
    const { harness } = await enabledWebhookTrigger("new_commit");
    api.use(
      http.delete(`${hooksUrl}/:id`, () =>
        HttpResponse.json({ message: "Must have admin rights to Repository." }, { status: 403 }),
      ),
    );
    await expect(harness.disable()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(harness.store.snapshot()).toHaveProperty("hookId", 12345678);
  });
});
