import { HttpResponse, http, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { github } from "./github-connector";
import {
  expectGitHubHeaders,
  gitHubRepository,
  githubHandlers,
  pagedResponse,
  TEST_TOKEN,
} from "./mocks";

const repositories = [
  gitHubRepository("octocat", "Hello-World", 1),
  gitHubRepository("octo-org", "octo-repo", 2),
  gitHubRepository("octocat", "Spoon-Knife", 3),
  gitHubRepository("octo-org", "hello-service", 4),
];

describe("the owner and repo dropdowns", () => {
  const api = useMockApi(
    http.get("https://api.github.com/user/repos", ({ request }) =>
      pagedResponse(request, repositories),
    ),
    ...githubHandlers,
  );

  it("offer the owners of the account's repositories, most recently pushed first", async () => {
    const client = github.init({ auth: TEST_TOKEN });
    await expect(client.options({ action: "create_issue", prop: "owner" })).resolves.toEqual({
      options: [
        { label: "octocat", value: "octocat" },
        { label: "octo-org", value: "octo-org" },
      ],
    });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: "https://api.github.com/user/repos",
      query: { sort: "pushed", per_page: "100" },
    });
    expectGitHubHeaders(call);
  });

  it("offer the chosen owner's repositories, narrowed by what the user typed", async () => {
    const client = github.init({ auth: TEST_TOKEN });
    await expect(
      client.options({ trigger: "new_commit", prop: "repo", propsValue: { owner: "OctoCat" } }),
    ).resolves.toEqual({
      options: [
        { label: "octocat/Hello-World", value: "Hello-World" },
        { label: "octocat/Spoon-Knife", value: "Spoon-Knife" },
      ],
    });
    await expect(
      client.options({
        action: "get_issue",
        prop: "repo",
        propsValue: { owner: "octo-org" },
        searchValue: "HELLO",
      }),
    ).resolves.toEqual({ options: [{ label: "octo-org/hello-service", value: "hello-service" }] });
  });

  it("read every page up to 300 repositories", async () => {
    const many = Array.from({ length: 350 }, (_, index) =>
      gitHubRepository("octocat", `repo-${index}`, index + 1),
    );
    api.use(
      http.get("https://api.github.com/user/repos", ({ request }) => pagedResponse(request, many)),
    );
    const client = github.init({ auth: TEST_TOKEN });
    const state = await client.options({
      action: "create_issue",
      prop: "repo",
      propsValue: { owner: "octocat" },
    });
    expect(state.options).toHaveLength(300);
    expect(api.calls.map((call) => call.query.page ?? "1")).toEqual(["1", "2", "3"]);
  });

  it("ask for the owner before listing repositories", async () => {
    const client = github.init({ auth: TEST_TOKEN });
    await expect(client.options({ action: "create_issue", prop: "repo" })).resolves.toEqual({
      disabled: true,
      placeholder: "Choose the owner first.",
      options: [],
    });
    expect(api.calls).toHaveLength(0);
  });

  it("are disabled until an account is connected", async () => {
    const client = github.init({ authProvider: { get: () => ({ type: "none" }) } });
    for (const prop of ["owner", "repo"]) {
      await expect(
        client.options({ action: "list_issues", prop, propsValue: { owner: "octocat" } }),
      ).resolves.toEqual({
        disabled: true,
        placeholder: "Connect a GitHub account first.",
        options: [],
      });
    }
    expect(api.calls).toHaveLength(0);
  });

  it("report a refused token", async () => {
    api.use(
      http.get("https://api.github.com/user/repos", () =>
        HttpResponse.json({ message: "Bad credentials" }, { status: 401 }),
      ),
    );
    const client = github.init({ auth: TEST_TOKEN });
    await expect(client.options({ action: "create_issue", prop: "owner" })).rejects.toMatchObject({
      code: "AUTH_INVALID",
    });
  });
});
