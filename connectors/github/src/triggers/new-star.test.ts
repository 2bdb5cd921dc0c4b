import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import starred from "../__fixtures__/webhook-star-created.json";
import { deliveryHeaders, enabledWebhookTrigger, githubHandlers } from "../mocks";

describe("new_star", () => {
  const api = useMockApi(...githubHandlers);

  it("subscribes its webhook to the star event, not the older watch event", async () => {
    await enabledWebhookTrigger("new_star");
    expect(api.lastCall().body).toMatchObject({ events: ["star"] });
  });

  it("turns a star into one event named by who starred and when", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_star");
    await expect(
      harness.deliver({
        body: starred,
        signWith: secret,
        headers: deliveryHeaders("star", "delivery-1"),
      }),
    ).resolves.toEqual({
      matched: true,
      deliveryId: "delivery-1",
      events: [
        {
          id: `star-${starred.sender.id}-${starred.starred_at}`,
          payload: starred,
          occurredAt: starred.starred_at,
        },
      ],
    });
  });

  it("ignores an unstar and a watch delivery", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_star");
    const unstar = await harness.deliver({
      body: { ...starred, action: "deleted", starred_at: null },
      signWith: secret,
      headers: deliveryHeaders("star", "delivery-2"),
    });
    expect(unstar.events).toEqual([]);
    const watch = await harness.deliver({
      body: { ...starred, action: "started" },
      signWith: secret,
      headers: deliveryHeaders("watch", "delivery-3"),
    });
    expect(watch.events).toEqual([]);
  });

  it("refuses a forged delivery", async () => {
    const { harness } = await enabledWebhookTrigger("new_star");
    await expect(
      harness.deliver({ body: starred, signWith: "forged", headers: deliveryHeaders("star", "d") }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });
});
