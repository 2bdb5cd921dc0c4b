import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import fileFixture from "../__fixtures__/content-file.json";
import { githubAuth } from "../github-auth";
import { contentsPath } from "../github-http";
import { repositoryProps } from "../github-props";

/** What GET /repos/{owner}/{repo}/contents/{path} answers for a file (lenient). */
export const gitHubFileSchema = z.looseObject({
  type: z.string(),
  name: z.string(),
  path: z.string(),
  sha: z.string(),
  size: z.number(),
  encoding: z.string().nullish(),
  content: z.string().nullish(),
  html_url: z.string().nullish(),
  download_url: z.string().nullish(),
});

/** A file's metadata and base64 content, as the Contents API returns it. */
export type GitHubFile = z.infer<typeof gitHubFileSchema>;

const fileContentsSchema = gitHubFileSchema.extend({
  /** The file's bytes decoded as UTF-8 text. */
  text: z.string(),
});

/** What `get_file_contents` returns: GitHub's answer plus the decoded text. */
export type GitHubFileContents = z.infer<typeof fileContentsSchema>;

/** The path in the repository, without leading or trailing slashes. */
export const filePathProp = Property.ShortText({
  displayName: "File path",
  description: "The file's path in the repository, e.g. docs/README.md.",
  required: true,
});

/** Decodes the Contents API's base64 (which GitHub wraps at 60 characters) as UTF-8. */
export function decodeBase64Content(content: string): string {
  return Buffer.from(content.replace(/\s+/g, ""), "base64").toString("utf8");
}

/**
 * Reads a file: GET /repos/{owner}/{repo}/contents/{path}?ref=. The base64 `content` is decoded
 * into `text`. A directory (GitHub answers with an array), a submodule or a symlink to
 * something that is not a file is refused with VALIDATION; so is a file over 1 MB, whose
 * content the JSON media type leaves out (`encoding: "none"`).
 */
export const getFileContents = createAction({
  name: "get_file_contents",
  displayName: "Get file contents",
  description:
    "Reads a file of a repository at a branch, tag or commit, and returns its text (decoded from GitHub's base64) with its SHA, size and links. Files up to 1 MB.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    path: filePathProp,
    ref: Property.ShortText({
      displayName: "Branch, tag or commit",
      description: "Where to read the file (default: the repository's default branch).",
    }),
  },
  output: fileContentsSchema,
  sampleData: { ...fileFixture, text: decodeBase64Content(fileFixture.content) },
  async run(context) {
    const { owner, repo, path, ref } = context.propsValue;
    const response = await context.http.get<GitHubFile | GitHubFile[]>(
      contentsPath(owner, repo, path),
      { query: { ref }, signal: context.signal },
    );
    const file = response.body;
    if (Array.isArray(file)) {
      throw new ConnectorError(
        "VALIDATION",
        `${path} is a directory of ${file.length} entries in ${owner}/${repo}, not a file: give the path of a file in it.`,
      );
    }
    if (file.type !== "file") {
      throw new ConnectorError(
        "VALIDATION",
        `${path} in ${owner}/${repo} is a ${file.type}, not a file: give the path of a file.`,
      );
    }
    if (file.encoding !== "base64" || typeof file.content !== "string") {
      throw new ConnectorError(
        "VALIDATION",
        `${path} in ${owner}/${repo} is ${file.size} bytes: GitHub sends the content of files up to 1 MB only; download it from its download_url instead.`,
      );
    }
    return { ...file, text: decodeBase64Content(file.content) };
  },
});
