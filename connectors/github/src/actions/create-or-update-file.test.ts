import { HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import directoryFixture from "../__fixtures__/content-directory.json";
import fileFixture from "../__fixtures__/content-file.json";
import fileCommitFixture from "../__fixtures__/file-commit.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const fileUrl = "https://api.github.com/repos/octocat/Hello-World/contents/notes/hello.txt";
const props = {
  owner: "octocat",
  repo: "Hello-World",
  path: "notes/hello.txt",
  message: "my commit message",
  content: "Hello, wörld",
  branch: "main",
};

describe("create_or_update_file", () => {
  const api = useMockApi(...githubHandlers);

  it("reads the current blob SHA on the branch, then puts the base64 content with it", async () => {
    await expect(
      runAction(github, "create_or_update_file", { auth: TEST_TOKEN, props }),
    ).resolves.toEqual(fileCommitFixture);
    const [read, write] = api.calls;
    expect(read).toMatchObject({ method: "GET", endpoint: fileUrl, query: { ref: "main" } });
    expectGitHubHeaders(read);
    expectGitHubHeaders(write);
    expect(write).toMatchObject({ method: "PUT", endpoint: fileUrl });
    expect(write?.headers).toMatchObject({
      authorization: `Bearer ${TEST_TOKEN}`,
      "content-type": "application/json",
    });
    expect(write?.body).toEqual({
      message: "my commit message",
      content: Buffer.from("Hello, wörld", "utf8").toString("base64"),
      branch: "main",
      sha: fileFixture.sha,
    });
  });

  it("creates a new file without a sha when there is none yet", async () => {
    api.use(http.get(fileUrl, () => gitHubError(404, "Not Found")));
    await runAction(github, "create_or_update_file", { auth: TEST_TOKEN, props });
    expect(api.lastCall()).toMatchObject({ method: "PUT" });
    expect(api.lastCall().body).not.toHaveProperty("sha");
  });

  it("uses the given sha without reading, and sends base64 content as given", async () => {
    await runAction(github, "create_or_update_file", {
      auth: TEST_TOKEN,
      props: {
        ...props,
        branch: undefined,
        sha: "95b966ae1c166bd92f8ae7d1c313e738c731dfc3",
        content: "iVBORw0K\nGgo=",
        content_encoding: "base64",
      },
    });
    expect(api.calls).toHaveLength(1);
    expect(api.lastCall().body).toEqual({
      message: "my commit message",
      content: "iVBORw0KGgo=",
      sha: "95b966ae1c166bd92f8ae7d1c313e738c731dfc3",
    });
  });

  it("maps a stale sha's 409 to CONFLICT", async () => {
    api.use(
      http.put(fileUrl, () =>
        gitHubError(409, "notes/hello.txt does not match 95b966ae1c166bd92f8ae7d1c313e738c731dfc3"),
      ),
    );
    await expect(
      runAction(github, "create_or_update_file", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
  });

  it("is not written again after a 5xx: the commit may exist, and a second write would fail", async () => {
    api.use(http.put(fileUrl, () => gitHubError(503, "Service Unavailable")));
    await expect(
      runAction(github, "create_or_update_file", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({ code: "UPSTREAM", status: 503 });
    expect(api.callsTo("PUT", fileUrl)).toHaveLength(1);
  });

  it("refuses to overwrite a directory", async () => {
    api.use(http.get(fileUrl, () => HttpResponse.json(directoryFixture)));
    await expect(
      runAction(github, "create_or_update_file", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("directory") });
    expect(api.calls).toHaveLength(1);
  });

  it("reports a failure to read the current file", async () => {
    api.use(http.get(fileUrl, () => gitHubError(401, "Bad credentials")));
    await expect(
      runAction(github, "create_or_update_file", { auth: TEST_TOKEN, props }),
    ).rejects.toMatchObject({ code: "AUTH_INVALID" });
    expect(api.calls).toHaveLength(1);
  });
});
