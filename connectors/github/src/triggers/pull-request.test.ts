import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import opened from "../__fixtures__/webhook-pull-request-opened.json";
import synchronize from "../__fixtures__/webhook-pull-request-synchronize.json";
import { deliveryHeaders, enabledWebhookTrigger, githubHandlers } from "../mocks";

describe("pull_request", () => {
  const api = useMockApi(...githubHandlers);

  it("subscribes its webhook to the pull_request event only", async () => {
    await enabledWebhookTrigger("pull_request");
    expect(api.lastCall().body).toMatchObject({ events: ["pull_request"] });
  });

  it("names an opening by the pull request, and new commits by the new head", async () => {
    const { harness, secret } = await enabledWebhookTrigger("pull_request");
    const send = (body: unknown, id: string) =>
      harness.deliver({ body, signWith: secret, headers: deliveryHeaders("pull_request", id) });
    await expect(send(opened, "delivery-1")).resolves.toEqual({
      matched: true,
      deliveryId: "delivery-1",
      events: [
        {
          id: `pull-request-${opened.pull_request.id}-opened`,
          payload: opened,
          occurredAt: opened.pull_request.updated_at,
        },
      ],
    });
    const pushed = await send(synchronize, "delivery-2");
    expect(pushed.events.map((event) => event.id)).toEqual([
      `pull-request-${synchronize.pull_request.id}-synchronize-${synchronize.after}`,
    ]);
    const again = await send({ ...synchronize, after: "f".repeat(40) }, "delivery-3");
    expect(again.events[0]?.id).not.toBe(pushed.events[0]?.id);
    const edited = await send({ ...opened, action: "edited", changes: {} }, "delivery-4");
    expect(edited.events.map((event) => event.id)).toEqual([
      `pull-request-${opened.pull_request.id}-edited-${opened.pull_request.updated_at}`,
    ]);
  });

  it("keeps only the chosen actions, and never others such as closed", async () => {
    const { harness, secret } = await enabledWebhookTrigger("pull_request", {
      owner: "Codertocat",
      repo: "Hello-World",
      actions: ["synchronize"],
    });
    const send = (body: unknown) =>
      harness.deliver({ body, signWith: secret, headers: deliveryHeaders("pull_request", "d") });
    expect((await send(opened)).events).toEqual([]);
    expect((await send(synchronize)).events).toHaveLength(1);
    const all = await enabledWebhookTrigger("pull_request");
    const closed = await all.harness.deliver({
      body: { ...opened, action: "closed" },
      signWith: all.secret,
      headers: deliveryHeaders("pull_request", "d"),
    });
    expect(closed.events).toEqual([]);
  });

  it("refuses a forged delivery", async () => {
    const { harness } = await enabledWebhookTrigger("pull_request");
    await expect(
      harness.deliver({
        body: opened,
        signWith: "forged",
        headers: deliveryHeaders("pull_request", "d"),
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });
});
