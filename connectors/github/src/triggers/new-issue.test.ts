import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import opened from "../__fixtures__/webhook-issues-opened.json";
import { deliveryHeaders, enabledWebhookTrigger, githubHandlers } from "../mocks";

describe("new_issue", () => {
  const api = useMockApi(...githubHandlers);

  it("subscribes its webhook to the issues event only", async () => {
    await enabledWebhookTrigger("new_issue");
    expect(api.lastCall().body).toMatchObject({ events: ["issues"] });
  });

  it("turns an opened issue into one event named by the issue's id", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_issue");
    await expect(
      harness.deliver({
        body: opened,
        signWith: secret,
        headers: deliveryHeaders("issues", "d1c0f9a0-cc78-11e3-81ab-4c9367dc0958"),
      }),
    ).resolves.toEqual({
      matched: true,
      deliveryId: "d1c0f9a0-cc78-11e3-81ab-4c9367dc0958",
      events: [
        {
          id: `issue-${opened.issue.id}-opened`,
          payload: opened,
          occurredAt: opened.issue.created_at,
        },
      ],
    });
  });

  it("names the same opening the same way whichever delivery brings it", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_issue");
    const first = await harness.deliver({
      body: opened,
      signWith: secret,
      headers: deliveryHeaders("issues", "delivery-1"),
    });
    const other = await harness.deliver({
      body: opened,
      signWith: secret,
      headers: deliveryHeaders("issues", "delivery-2"),
    });
    expect(other.events[0]?.id).toBe(first.events[0]?.id);
  });

  it("ignores other issue actions", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_issue");
    for (const action of ["closed", "edited", "reopened", "labeled"]) {
      const result = await harness.deliver({
        body: { ...opened, action },
        signWith: secret,
        headers: deliveryHeaders("issues", `delivery-${action}`),
      });
      expect(result.events).toEqual([]);
    }
  });

  it("refuses a forged delivery", async () => {
    const { harness } = await enabledWebhookTrigger("new_issue");
    await expect(
      harness.deliver({
        body: opened,
        signWith: "forged",
        headers: deliveryHeaders("issues", "delivery-1"),
      }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });
});
