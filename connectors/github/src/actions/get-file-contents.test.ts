import { HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import directoryFixture from "../__fixtures__/content-directory.json";
import fileFixture from "../__fixtures__/content-file.json";
import { github } from "../github-connector";
import { expectGitHubHeaders, gitHubError, githubHandlers, TEST_TOKEN } from "../mocks";

const contentsUrl = "https://api.github.com/repos/octocat/Hello-World/contents/";
const repository = { owner: "octocat", repo: "Hello-World" };

describe("get_file_contents", () => {
  const api = useMockApi(...githubHandlers);

  it("reads the file at a ref and decodes GitHub's wrapped base64 as UTF-8", async () => {
    const result = (await runAction(github, "get_file_contents", {
      auth: TEST_TOKEN,
      props: { ...repository, path: "README.md", ref: "v1.0" },
    })) as { text: string; sha: string };
    expect(result).toEqual({
      ...fileFixture,
      text: "# Yoga Bot\n\nA web app that leads you through a yoga session.\n\n## Development\n\nTo build, run `npm run build`.\n",
    });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: `${contentsUrl}README.md`,
      query: { ref: "v1.0" },
    });
    expectGitHubHeaders(call);
  });

  it("keeps the slashes of a nested path and escapes the rest", async () => {
    await runAction(github, "get_file_contents", {
      auth: TEST_TOKEN,
      props: { ...repository, path: "/docs/read me.md" },
    });
    expect(api.lastCall()).toMatchObject({
      path: "/repos/octocat/Hello-World/contents/docs/read%20me.md",
      query: {},
    });
  });

  it("decodes text that is not ASCII", async () => {
    api.use(
      http.get(`${contentsUrl}*`, () =>
        HttpResponse.json({
          ...fileFixture,
          content: `${Buffer.from("héllo ✓").toString("base64")}\n`,
        }),
      ),
    );
    const result = (await runAction(github, "get_file_contents", {
      auth: TEST_TOKEN,
      props: { ...repository, path: "README.md" },
    })) as { text: string };
    expect(result.text).toBe("héllo ✓");
  });

  it("refuses a directory with a clear message", async () => {
    api.use(http.get(`${contentsUrl}*`, () => HttpResponse.json(directoryFixture)));
    await expect(
      runAction(github, "get_file_contents", {
        auth: TEST_TOKEN,
        props: { ...repository, path: "lib" },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message:
        "lib is a directory of 2 entries in octocat/Hello-World, not a file: give the path of a file in it.",
    });
  });

  it("refuses a submodule and a file too large for the JSON media type", async () => {
    api.use(
      http.get(`${contentsUrl}vendor`, () =>
        HttpResponse.json({ ...fileFixture, type: "submodule", content: undefined }),
      ),
      http.get(`${contentsUrl}big.bin`, () =>
        HttpResponse.json({ ...fileFixture, size: 2_000_000, encoding: "none", content: "" }),
      ),
    );
    await expect(
      runAction(github, "get_file_contents", {
        auth: TEST_TOKEN,
        props: { ...repository, path: "vendor" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("submodule") });
    await expect(
      runAction(github, "get_file_contents", {
        auth: TEST_TOKEN,
        props: { ...repository, path: "big.bin" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("1 MB") });
  });

  it("maps a missing file to NOT_FOUND", async () => {
    api.use(http.get(`${contentsUrl}*`, () => gitHubError(404, "Not Found")));
    await expect(
      runAction(github, "get_file_contents", {
        auth: TEST_TOKEN,
        props: { ...repository, path: "nope.md" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
