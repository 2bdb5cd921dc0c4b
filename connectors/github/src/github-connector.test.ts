import { describeConnector, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { version } from "../package.json";
import { github } from "./github-connector";
import { githubHandlers, TEST_TOKEN } from "./mocks";

describeConnector(github, { packageVersion: version });

describe("custom_api_call", () => {
  const api = useMockApi(...githubHandlers);

  it("calls any endpoint with the token, GitHub's media type and the pinned API version", async () => {
    const result = await runAction(github, "custom_api_call", {
      auth: TEST_TOKEN,
      props: { method: "GET", path: "/user/repos", query: { visibility: "private" } },
    });
    expect(result).toMatchObject({ status: 200, body: [{ full_name: "octocat/Hello-World" }] });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.github.com/user/repos",
      query: { visibility: "private" },
    });
    expect(call.headers).toMatchObject({
      authorization: `Bearer ${TEST_TOKEN}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2026-03-10",
    });
  });

  it("sends a JSON body", async () => {
    await runAction(github, "custom_api_call", {
      auth: TEST_TOKEN,
      props: {
        method: "POST",
        path: "repos/octocat/Hello-World/issues",
        body: { title: "Found a bug" },
      },
    });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "POST",
      endpoint: "https://api.github.com/repos/octocat/Hello-World/issues",
      body: { title: "Found a bug" },
    });
    expect(call.headers["content-type"]).toBe("application/json");
  });

  it("refuses a full URL, so the token never leaves api.github.com", async () => {
    await expect(
      runAction(github, "custom_api_call", {
        auth: TEST_TOKEN,
        props: { method: "GET", path: "https://evil.example/user" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });
});
