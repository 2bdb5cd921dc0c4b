import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import published from "../__fixtures__/webhook-release-published.json";
import { deliveryHeaders, enabledWebhookTrigger, githubHandlers } from "../mocks";

describe("new_release", () => {
  const api = useMockApi(...githubHandlers);

  it("subscribes its webhook to the release event only", async () => {
    await enabledWebhookTrigger("new_release");
    expect(api.lastCall().body).toMatchObject({ events: ["release"] });
  });

  it("turns a published release into one event named by the release and its publication", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_release");
    await expect(
      harness.deliver({
        body: published,
        signWith: secret,
        headers: deliveryHeaders("release", "delivery-1"),
      }),
    ).resolves.toEqual({
      matched: true,
      deliveryId: "delivery-1",
      events: [
        {
          id: `release-${published.release.id}-published-${published.release.published_at}`,
          payload: published,
          occurredAt: published.release.published_at,
        },
      ],
    });
  });

  it("ignores created drafts and other release actions", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_release");
    for (const action of ["created", "edited", "prereleased", "released"]) {
      const result = await harness.deliver({
        body: { ...published, action },
        signWith: secret,
        headers: deliveryHeaders("release", `delivery-${action}`),
      });
      expect(result.events).toEqual([]);
    }
  });

  it("refuses a forged delivery", async () => {
    const { harness } = await enabledWebhookTrigger("new_release");
    await expect(
      harness.deliver({
        body: published,
        signWith: "forged",
        headers: deliveryHeaders("release", "d"),
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });
});
