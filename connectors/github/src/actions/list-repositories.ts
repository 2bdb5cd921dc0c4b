import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import repositoriesFixture from "../__fixtures__/repositories.json";
import { githubAuth } from "../github-auth";
import { collectPages, type GitHubRepository, gitHubRepositorySchema } from "../github-http";
import { limitProp } from "../github-props";

const DEFAULT_LIMIT = 100;

const repositoryListSchema = z.object({ items: z.array(gitHubRepositorySchema) });

/** What `list_repositories` returns. */
export type GitHubRepositoryList = z.infer<typeof repositoryListSchema>;

/**
 * Lists the repositories the account can reach: GET /user/repos, page after page by the `Link`
 * header. (GitHub's `type` filter is left out: it cannot be combined with visibility or
 * affiliation.)
 */
export const listRepositories = createAction({
  name: "list_repositories",
  displayName: "List repositories",
  description:
    "Lists the repositories the connected account owns, collaborates on or reaches through its organizations, up to a limit.",
  auth: githubAuth,
  props: {
    visibility: Property.StaticDropdown({
      displayName: "Visibility",
      description: "Only public or only private repositories (default all).",
      options: [
        { label: "All", value: "all" },
        { label: "Public", value: "public" },
        { label: "Private", value: "private" },
      ],
    }),
    affiliation: Property.MultiSelectDropdown({
      displayName: "Affiliation",
      description:
        "Which relations to the account count (default all three): owner, collaborator, organization member.",
      options: [
        { label: "Owner", value: "owner" },
        { label: "Collaborator", value: "collaborator" },
        { label: "Organization member", value: "organization_member" },
      ],
    }),
    sort: Property.StaticDropdown({
      displayName: "Sort by",
      description: "Full name (GitHub's default), creation, last update or last push.",
      options: [
        { label: "Full name", value: "full_name" },
        { label: "Created", value: "created" },
        { label: "Updated", value: "updated" },
        { label: "Pushed", value: "pushed" },
      ],
    }),
    direction: Property.StaticDropdown({
      displayName: "Direction",
      description: "Default: ascending for full name, descending otherwise.",
      options: [
        { label: "Ascending", value: "asc" },
        { label: "Descending", value: "desc" },
      ],
    }),
    limit: limitProp({ defaultValue: DEFAULT_LIMIT, what: "repositories" }),
  },
  output: repositoryListSchema,
  sampleData: { items: repositoriesFixture },
  async run(context) {
    const { visibility, affiliation, sort, direction, limit } = context.propsValue;
    const items = await collectPages<GitHubRepository>(
      context.http,
      {
        path: "/user/repos",
        query: {
          visibility,
          affiliation: affiliation?.length ? affiliation.join(",") : undefined,
          sort,
          direction,
        },
        signal: context.signal,
      },
      { limit: limit ?? DEFAULT_LIMIT },
    );
    return { items };
  },
});
