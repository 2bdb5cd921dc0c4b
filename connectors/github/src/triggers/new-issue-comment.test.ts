import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import created from "../__fixtures__/webhook-issue-comment-created.json";
import { deliveryHeaders, enabledWebhookTrigger, githubHandlers } from "../mocks";

const onPullRequest = {
  ...created,
  comment: { ...created.comment, id: 99 },
  issue: {
    ...created.issue,
    pull_request: { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1" },
  },
};

describe("new_issue_comment", () => {
  const api = useMockApi(...githubHandlers);

  it("subscribes its webhook to the issue_comment event only", async () => {
    await enabledWebhookTrigger("new_issue_comment");
    expect(api.lastCall().body).toMatchObject({ events: ["issue_comment"] });
  });

  it("turns a new comment into one event named by the comment's id", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_issue_comment");
    const result = await harness.deliver({
      body: created,
      signWith: secret,
      headers: deliveryHeaders("issue_comment", "delivery-1"),
    });
    expect(result).toEqual({
      matched: true,
      deliveryId: "delivery-1",
      events: [
        {
          id: `comment-${created.comment.id}`,
          payload: created,
          occurredAt: created.comment.created_at,
        },
      ],
    });
  });

  it("keeps comments on issues, pull requests or both as chosen", async () => {
    const ids = async (on: string | undefined) => {
      const { harness, secret } = await enabledWebhookTrigger("new_issue_comment", {
        owner: "Codertocat",
        repo: "Hello-World",
        ...(on ? { on } : {}),
      });
      const events = [];
      for (const body of [created, onPullRequest]) {
        const result = await harness.deliver({
          body,
          signWith: secret,
          headers: deliveryHeaders("issue_comment", `delivery-${body.comment.id}`),
        });
        events.push(...result.events.map((event) => event.id));
      }
      return events;
    };
    const issueComment = `comment-${created.comment.id}`;
    expect(await ids(undefined)).toEqual([issueComment, "comment-99"]);
    expect(await ids("issues")).toEqual([issueComment]);
    expect(await ids("pull_requests")).toEqual(["comment-99"]);
  });

  it("ignores edited and deleted comments", async () => {
    const { harness, secret } = await enabledWebhookTrigger("new_issue_comment");
    const result = await harness.deliver({
      body: { ...created, action: "edited" },
      signWith: secret,
      headers: deliveryHeaders("issue_comment", "delivery-2"),
    });
    expect(result.events).toEqual([]);
  });

  it("refuses an unsigned delivery", async () => {
    const { harness } = await enabledWebhookTrigger("new_issue_comment");
    await expect(
      harness.deliver({ body: created, headers: deliveryHeaders("issue_comment", "d") }),
    ).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
  });
});
