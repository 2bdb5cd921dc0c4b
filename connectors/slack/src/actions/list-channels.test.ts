import { http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import listFixture from "../__fixtures__/conversations-list.json";
import { methodUrl, pagedHandler, slackError, slackHandlers, TEST_TOKEN } from "../mocks";
import { slack } from "../slack-connector";

const url = methodUrl("conversations.list");
const channels = Array.from({ length: 450 }, (_, index) => ({
  id: `C${index}`,
  name: `channel-${index}`,
}));

describe("list_channels", () => {
  const api = useMockApi(...slackHandlers);

  it("GETs conversations.list with the query, the token, and public channels by default", async () => {
    await expect(
      runAction(slack, "list_channels", { auth: TEST_TOKEN, props: {} }),
    ).resolves.toEqual({
      channels: listFixture.channels,
    });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: url, rawBody: "" });
    expect(call.query).toEqual({ exclude_archived: "true", limit: "200" });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("asks for the chosen types, comma-separated, and archived channels when asked", async () => {
    await runAction(slack, "list_channels", {
      auth: TEST_TOKEN,
      props: {
        types: ["public_channel", "private_channel", "mpim", "im"],
        exclude_archived: false,
        limit: 50,
      },
    });
    expect(api.lastCall().query).toEqual({
      types: "public_channel,private_channel,mpim,im",
      exclude_archived: "false",
      limit: "50",
    });
  });

  it("follows next_cursor page after page until the last page", async () => {
    api.use(pagedHandler("conversations.list", "channels", channels));
    const result = (await runAction(slack, "list_channels", {
      auth: TEST_TOKEN,
      props: { limit: 1000 },
    })) as { channels: { id: string }[] };
    expect(result.channels.map((channel) => channel.id)).toEqual(
      channels.map((channel) => channel.id),
    );
    expect(api.calls.map((call) => call.query.cursor)).toEqual([undefined, "page:200", "page:400"]);
  });

  it("stops at the limit without asking for another page", async () => {
    api.use(pagedHandler("conversations.list", "channels", channels));
    const result = (await runAction(slack, "list_channels", {
      auth: TEST_TOKEN,
      props: { limit: 250 },
    })) as { channels: unknown[] };
    expect(result.channels).toHaveLength(250);
    expect(api.calls).toHaveLength(2);
  });

  it("maps missing_scope to FORBIDDEN", async () => {
    api.use(http.get(url, () => slackError("missing_scope", { needed: "groups:read" })));
    await expect(
      runAction(slack, "list_channels", {
        auth: TEST_TOKEN,
        props: { types: ["private_channel"] },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("groups:read") });
  });
});
