import { ConnectorError, createAction } from "@triggo/connector-sdk";
import { z } from "zod";
import labelsFixture from "../__fixtures__/labels.json";
import { githubAuth } from "../github-auth";
import { gitHubLabelSchema, repoPath } from "../github-http";
import { issueNumberProp, repositoryProps, textListProp } from "../github-props";

const labelListSchema = z.object({ labels: z.array(gitHubLabelSchema) });

/** What `add_labels` returns: every label the issue has now. */
export type GitHubLabelList = z.infer<typeof labelListSchema>;

/**
 * Adds labels to an issue or pull request, keeping the ones it has:
 * POST /repos/{owner}/{repo}/issues/{issue_number}/labels with `{ labels }`, the form GitHub
 * recommends.
 */
export const addLabels = createAction({
  name: "add_labels",
  displayName: "Add labels",
  description:
    "Adds labels to an issue or pull request, keeping those it already has, and returns all its labels.",
  auth: githubAuth,
  props: {
    ...repositoryProps,
    issue_number: issueNumberProp,
    labels: textListProp("Labels", "Names of the labels to add, e.g. bug and enhancement.", true),
  },
  output: labelListSchema,
  sampleData: { labels: labelsFixture },
  async run(context) {
    const { owner, repo, issue_number, labels } = context.propsValue;
    if (labels.length === 0) {
      throw new ConnectorError("VALIDATION", '"labels" needs at least one label name.');
    }
    const response = await context.http.post<GitHubLabelList["labels"]>(
      repoPath(owner, repo, "issues", issue_number, "labels"),
      { json: { labels } },
      { signal: context.signal },
    );
    return { labels: response.body };
  },
});
