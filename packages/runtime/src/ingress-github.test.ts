import { signGitHubWebhook } from "@triggo/shared";
import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { expect, it } from "vitest";
import type { RuntimeEvent } from "./event-bus";
import { describeEachDatabase } from "./runtime-test-databases";
import {
  deliveryRequest,
  GITHUB_TOKEN,
  githubCommitTrigger,
  githubPush,
  HOOK_ID,
  PUBLIC_URL,
  providerHandlers,
  stateOf,
} from "./runtime-test-support";

const HOOKS = "https://api.github.com/repos/octocat/Hello-World/hooks";
const SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
const config = { owner: "octocat", repo: "Hello-World" };

describeEachDatabase("GitHub new_commit end to end", (database) => {
  const api = useMockApi(...providerHandlers);

  const githubTrigger = () => githubCommitTrigger(database());

  it("registers the repository webhook at the instance's URL, with the account's token", async () => {
    const { triggerId, secret } = await githubTrigger();
    const [registration] = api.callsTo("POST", HOOKS);
    expect(registration?.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
    expect(registration?.body).toMatchObject({
      events: ["push"],
      config: { url: `${PUBLIC_URL}/webhooks/${triggerId}`, content_type: "json", secret },
    });
    expect(await stateOf(database(), triggerId)).toEqual({
      hookId: HOOK_ID,
      signingSecret: secret,
    });
  });

  it("stores a signed push before answering 200, hands it to subscribers, and drops a redelivery", async () => {
    const { runtime, triggerId, signed } = await githubTrigger();
    const received: RuntimeEvent[] = [];
    const unsubscribe = runtime.subscribe((event) => void received.push(event), {
      slugs: ["GITHUB_COMMIT_EVENT"], // an alias of GITHUB_NEW_COMMIT
      userIds: ["user-1"],
    });

    const response = await runtime.ingress.receive(
      triggerId,
      signed(githubPush(SHA), "delivery-1"),
    );
    expect(response).toMatchObject({ status: 200, body: { received: true, events: 1 } });
    const rows = await database().query<{ event_id: string; delivery_id: string }>(
      "SELECT event_id, delivery_id FROM events WHERE instance_id = $1",
      [triggerId],
    );
    expect(rows).toEqual([{ event_id: SHA, delivery_id: "delivery-1" }]);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      triggerId,
      slug: "GITHUB_NEW_COMMIT",
      toolkit: "github",
      userId: "user-1",
      eventId: SHA,
      deliveryId: "delivery-1",
      payload: { branch: "main", commit: { id: SHA } },
    });

    // GitHub redelivers with the same X-GitHub-Delivery: answered 200, nothing stored twice.
    const again = await runtime.ingress.receive(triggerId, signed(githubPush(SHA), "delivery-1"));
    expect(again).toMatchObject({ status: 200, body: { events: 0, duplicate: true } });
    // Another delivery bringing the same commit: the (instance, event id) pair drops it.
    const sameCommit = await runtime.ingress.receive(
      triggerId,
      signed(githubPush(SHA), "delivery-2"),
    );
    expect(sameCommit).toMatchObject({ status: 200, body: { events: 0 } });
    expect(received).toHaveLength(1);

    unsubscribe();
    await runtime.ingress.receive(triggerId, signed(githubPush("a".repeat(40)), "delivery-3"));
    expect(received).toHaveLength(1);
  });

  it("refuses a forged or unsigned delivery with 401 and stores nothing", async () => {
    const { runtime, triggerId, signed } = await githubTrigger();
    const forged = await runtime.ingress.receive(
      triggerId,
      signed(githubPush(SHA), "delivery-f", "not-the-secret"),
    );
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: "SIGNATURE_INVALID" } });
    expect(JSON.stringify(forged.body)).toMatch(/signature/i);
    const unsigned = await runtime.ingress.receive(
      triggerId,
      deliveryRequest(`${PUBLIC_URL}/webhooks/${triggerId}`, githubPush(SHA), {
        "x-github-event": "push",
        "x-github-delivery": "delivery-u",
      }),
    );
    expect(unsigned.status).toBe(401);
    expect(await database().query("SELECT * FROM events")).toEqual([]);
    expect(await database().query("SELECT * FROM webhook_deliveries")).toEqual([]);
  });

  it("answers GitHub's ping with 200 and no event", async () => {
    const { runtime, triggerId, secret } = await githubTrigger();
    const rawBody = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: HOOK_ID });
    const response = await runtime.ingress.receive(
      triggerId,
      deliveryRequest(`${PUBLIC_URL}/webhooks/${triggerId}`, rawBody, {
        "x-github-event": "ping",
        "x-github-delivery": "ping-1",
        ...signGitHubWebhook({ secret, body: rawBody }),
      }),
    );
    expect(response.status).toBe(200);
    expect(await database().query("SELECT * FROM events")).toEqual([]);
  });

  it("answers 404 for an unknown trigger and 410 once disabled; disabling removes the hook", async () => {
    const { runtime, triggerId, signed } = await githubTrigger();
    expect((await runtime.ingress.receive("ti_unknown", signed(githubPush(SHA), "d"))).status).toBe(
      404,
    );
    const { trigger } = await runtime.triggers.disable(triggerId);
    expect(trigger.status).toBe("disabled");
    expect(api.callsTo("DELETE", `${HOOKS}/${HOOK_ID}`)).toHaveLength(1);
    expect(await stateOf(database(), triggerId)).toEqual({});
    const response = await runtime.ingress.receive(triggerId, signed(githubPush(SHA), "d"));
    expect(response.status).toBe(410);
    expect(await runtime.triggers.listActive({ userIds: ["user-1"] })).toEqual([]);

    // Enabling again registers a new hook with a new secret.
    await runtime.triggers.enable(triggerId);
    expect(api.callsTo("POST", HOOKS)).toHaveLength(2);
    expect((await runtime.triggers.get(triggerId)).status).toBe("enabled");
  });

  it("deletes the hook and the instance with its state and events", async () => {
    const { runtime, triggerId, signed } = await githubTrigger();
    await runtime.ingress.receive(triggerId, signed(githubPush(SHA), "delivery-1"));
    const result = await runtime.triggers.delete(triggerId);
    expect(result).toEqual({ triggerId, deleted: true });
    expect(api.callsTo("DELETE", `${HOOKS}/${HOOK_ID}`)).toHaveLength(1);
    for (const table of ["trigger_instances", "trigger_state", "events"]) {
      expect(await database().query(`SELECT * FROM ${table}`)).toEqual([]);
    }
  });

  it("still deletes when GitHub refuses to remove the hook, and reports what was left", async () => {
    const { runtime, triggerId, logs } = await githubTrigger();
    api.use(
      http.delete(`${HOOKS}/:hookId`, () =>
        HttpResponse.json({ message: "Must have admin rights to Repository." }, { status: 403 }),
      ),
    );
    const result = await runtime.triggers.delete(triggerId);
    expect(result).toMatchObject({ triggerId, deleted: true, leftover: { code: "FORBIDDEN" } });
    expect(result.leftover?.message).toMatch(/admin rights/);
    expect(await database().query("SELECT * FROM trigger_instances")).toEqual([]);
    expect(
      logs.some((record) => record.level === "warn" && /could not be removed/.test(record.message)),
    ).toBe(true);
  });

  it("changes the config: removes the old hook and registers the new one", async () => {
    const { runtime, triggerId } = await githubTrigger();
    const updated = await runtime.triggers.update(triggerId, {
      triggerConfig: { ...config, branch: "main" },
    });
    expect(updated.triggerConfig).toEqual({ ...config, branch: "main" });
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      "POST /repos/octocat/Hello-World/hooks",
      `DELETE /repos/octocat/Hello-World/hooks/${HOOK_ID}`,
      "POST /repos/octocat/Hello-World/hooks",
    ]);
    expect(Object.keys(await stateOf(database(), triggerId)).sort()).toEqual([
      "hookId",
      "signingSecret",
    ]);
  });
});
