import { useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { methodUrl, pagedHandler, slackHandlers, TEST_TOKEN } from "./mocks";
import { slack } from "./slack-connector";

describe("the channel dropdown", () => {
  const api = useMockApi(...slackHandlers);

  it("lists public and private channels, not archived, from conversations.list", async () => {
    const client = slack.init({ auth: TEST_TOKEN });
    await expect(client.options({ action: "send_message", prop: "channel" })).resolves.toEqual({
      options: [
        { label: "#general", value: "C012AB3CD" },
        { label: "#random", value: "C061EG9T2" },
      ],
    });
    const call = api.lastCall();
    expect(call).toMatchObject({ method: "GET", endpoint: methodUrl("conversations.list") });
    expect(call.query).toEqual({
      types: "public_channel,private_channel",
      exclude_archived: "true",
      limit: "200",
    });
    expect(call.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("reads every page, marks private channels and narrows by what the user typed", async () => {
    const channels = Array.from({ length: 250 }, (_, index) => ({
      id: `C${index}`,
      name: index === 210 ? "deploys" : `team-${index}`,
      is_private: index === 210,
    }));
    api.use(pagedHandler("conversations.list", "channels", channels));
    const client = slack.init({ auth: TEST_TOKEN });
    await expect(
      client.options({ trigger: "new_message", prop: "channel", searchValue: "DEPLOY" }),
    ).resolves.toEqual({ options: [{ label: "🔒deploys", value: "C210" }] });
    expect(api.calls).toHaveLength(2);
  });

  it("is disabled until a workspace is connected", async () => {
    const client = slack.init({ authProvider: { get: () => ({ type: "none" }) } });
    await expect(client.options({ action: "list_channels", prop: "types" })).resolves.toMatchObject(
      {
        options: expect.any(Array),
      },
    );
    await expect(client.options({ action: "send_message", prop: "channel" })).resolves.toEqual({
      disabled: true,
      placeholder: "Connect a Slack workspace first.",
      options: [],
    });
    expect(api.calls).toHaveLength(0);
  });
});

describe("the user dropdown", () => {
  const api = useMockApi(...slackHandlers);

  it("lists people from users.list by name", async () => {
    const client = slack.init({ auth: TEST_TOKEN });
    await expect(client.options({ action: "send_direct_message", prop: "user" })).resolves.toEqual({
      options: [
        { label: "Egon Spengler (@spengler)", value: "W012A3CDE" },
        { label: "Glinda Southgood (@glinda)", value: "W07QCRPA4" },
      ],
    });
    expect(api.lastCall()).toMatchObject({ method: "GET", endpoint: methodUrl("users.list") });
    expect(api.lastCall().query).toEqual({ limit: "200" });
  });

  it("leaves out bots and deactivated members, and narrows by search", async () => {
    api.use(
      pagedHandler("users.list", "members", [
        { id: "U1", name: "ada", real_name: "Ada Lovelace" },
        { id: "U2", name: "old", real_name: "Gone", deleted: true },
        { id: "B1", name: "ci", real_name: "CI bot", is_bot: true },
        { id: "USLACKBOT", name: "slackbot", real_name: "Slackbot" },
        { id: "U3", name: "grace", real_name: "Grace Hopper" },
      ]),
    );
    const client = slack.init({ auth: TEST_TOKEN });
    await expect(
      client.options({ action: "invite_to_channel", prop: "users", searchValue: "hopper" }),
    ).resolves.toEqual({ options: [{ label: "Grace Hopper (@grace)", value: "U3" }] });
  });
});
