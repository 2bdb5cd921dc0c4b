import { ConnectorError, createAction, Property } from "@triggo/connector-sdk";
import type { HttpClient } from "@triggo/shared";
import { z } from "zod";
import fileCommitFixture from "../__fixtures__/file-commit.json";
import { githubAuth } from "../github-auth";
import { contentsPath } from "../github-http";
import { repositoryProps } from "../github-props";
import { filePathProp, type GitHubFile } from "./get-file-contents";

const fileCommitSchema = z.looseObject({
  content: z.looseObject({ name: z.string(), path: z.string(), sha: z.string() }).nullish(),
  commit: z.looseObject({ sha: z.string(), html_url: z.string().nullish(), message: z.string() }),
});

/** What writing a file answers: the new file's metadata and the commit that wrote it. */
export type GitHubFileCommit = z.infer<typeof fileCommitSchema>;

/**
 * The blob SHA of the file now at `path` on `branch`, or undefined when there is none (then the
 * write creates it). A directory at that path cannot be overwritten.
 */
async function currentBlobSha(
  http: HttpClient,
  target: { owner: string; repo: string; path: string; branch: string | undefined },
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    const response = await http.get<GitHubFile | GitHubFile[]>(
      contentsPath(target.owner, target.repo, target.path),
      { query: { ref: target.branch }, signal },
    );
    if (Array.isArray(response.body)) {
      throw new ConnectorError(
        "VALIDATION",
        `${target.path} is a directory in ${target.owner}/${target.repo}: give the path of a file.`,
      );
    }
    return response.body.sha;
  } catch (error) {
    if (ConnectorError.is(error) && error.code === "NOT_FOUND") return undefined;
    throw error;
  }
}

/**
 * Writes a file in one commit: PUT /repos/{owner}/{repo}/contents/{path} with the base64 content,
 * the commit message, the branch and, to replace an existing file, its blob `sha`. Without a
 * given `sha` the current one is read first (GET .../contents/{path}?ref=branch; a 404 means a new
 * file). GitHub answers 409 when the SHA is no longer the file's: CONFLICT.
 */
export const createOrUpdateFile = createAction({
  name: "create_or_update_file",
  displayName: "Create or update file",
  description:
    "Creates a file or replaces its content in one commit on a branch, with your commit message.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    path: filePathProp,
    content: Property.LongText({
      displayName: "Content",
      description: "The file's new content: text, or base64 when Content encoding says so.",
      required: true,
    }),
    content_encoding: Property.StaticDropdown({
      displayName: "Content encoding",
      description: "How Content is given: UTF-8 text (default) or base64 for binary files.",
      defaultValue: "utf-8",
      options: [
        { label: "Text (UTF-8)", value: "utf-8" },
        { label: "Base64", value: "base64" },
      ],
    }),
    message: Property.ShortText({
      displayName: "Commit message",
      description: "The message of the commit that writes the file.",
      required: true,
    }),
    branch: Property.ShortText({
      displayName: "Branch",
      description: "The branch to commit to (default: the repository's default branch).",
    }),
    sha: Property.ShortText({
      displayName: "Current blob SHA",
      description:
        "The blob SHA of the file being replaced, to refuse the write if it changed meanwhile; read for you when left empty.",
    }),
  },
  output: fileCommitSchema,
  sampleData: fileCommitFixture,
  async run(context) {
    const { owner, repo, path, content, content_encoding, message, branch } = context.propsValue;
    const sha =
      context.propsValue.sha ??
      (await currentBlobSha(context.http, { owner, repo, path, branch }, context.signal));
    const encoded =
      content_encoding === "base64"
        ? content.replace(/\s+/g, "")
        : Buffer.from(content, "utf8").toString("base64");
    const response = await context.http.put<GitHubFileCommit>(
      contentsPath(owner, repo, path),
      { json: { message, content: encoded, branch, sha } },
      // Done once, a second copy fails (the file's sha changed): never repeated after a 5xx.
      { signal: context.signal, idempotent: false },
    );
    return response.body;
  },
});
