import { type OptionsContext, Property } from "@triggo/connector-sdk";
import { collectPages, type GitHubRepository } from "./github-http";

/** How many of the account's repositories the dropdowns offer (the most recently pushed first). */
export const DROPDOWN_REPOSITORY_LIMIT = 300;

const CONNECT_FIRST = "Connect a GitHub account first.";

/** The account's repositories, most recently pushed first, for the owner and repo dropdowns. */
async function loadRepositories(context: OptionsContext): Promise<GitHubRepository[]> {
  return collectPages<GitHubRepository>(
    context.http,
    { path: "/user/repos", query: { sort: "pushed" }, signal: context.signal },
    { limit: DROPDOWN_REPOSITORY_LIMIT },
  );
}

function matches(text: string, searchValue: string | undefined): boolean {
  return !searchValue || text.toLowerCase().includes(searchValue.trim().toLowerCase());
}

/** The account that owns the repository: a user or an organization. */
export const ownerProp = Property.Dropdown({
  displayName: "Owner",
  description:
    "The user or organization that owns the repository: octocat in github.com/octocat/Hello-World.",
  required: true,
  async options(context) {
    if (!context.auth) return { disabled: true, placeholder: CONNECT_FIRST, options: [] };
    const owners = new Set<string>();
    for (const repository of await loadRepositories(context)) {
      if (matches(repository.owner.login, context.searchValue)) owners.add(repository.owner.login);
    }
    return { options: [...owners].map((login) => ({ label: login, value: login })) };
  },
});

/** The repository's name, chosen among the owner's repositories the account can reach. */
export const repoProp = Property.Dropdown({
  displayName: "Repository",
  description:
    "The repository's name without the owner: Hello-World in github.com/octocat/Hello-World.",
  required: true,
  refreshers: ["owner"],
  async options(context) {
    if (!context.auth) return { disabled: true, placeholder: CONNECT_FIRST, options: [] };
    const owner = context.propsValue.owner;
    if (typeof owner !== "string" || owner === "") {
      return { disabled: true, placeholder: "Choose the owner first.", options: [] };
    }
    const repositories = (await loadRepositories(context)).filter(
      (repository) =>
        repository.owner.login.toLowerCase() === owner.toLowerCase() &&
        matches(repository.full_name, context.searchValue),
    );
    return {
      options: repositories.map((repository) => ({
        label: repository.full_name,
        value: repository.name,
      })),
    };
  },
});

/** `owner` and `repo`: the repository an action or trigger works on (the seed's `{ owner, repo }`). */
export const repositoryProps = { owner: ownerProp, repo: repoProp };

/** The number of an issue or pull request in the repository. */
export const issueNumberProp = Property.Number({
  displayName: "Issue number",
  description:
    "The issue's (or pull request's) number: 1347 in github.com/octocat/Hello-World/issues/1347.",
  required: true,
  integer: true,
  min: 1,
});

/** A pull request's number. */
export const pullNumberProp = Property.Number({
  displayName: "Pull request number",
  description: "The pull request's number: 42 in github.com/octocat/Hello-World/pull/42.",
  required: true,
  integer: true,
  min: 1,
});

/** How many items a list action returns at most. */
export function limitProp(options: { defaultValue: number; max?: number; what: string }) {
  const most = options.max === undefined ? "" : `, at most ${options.max}`;
  return Property.Number({
    displayName: "Limit",
    description: `The most ${options.what} to return (default ${options.defaultValue}${most}); pages of up to 100 are read until then.`,
    integer: true,
    min: 1,
    ...(options.max === undefined ? {} : { max: options.max }),
    defaultValue: options.defaultValue,
  });
}

/** A list of text values (labels, logins), each validated as text. */
export function textListProp<const R extends boolean = false>(
  displayName: string,
  description: string,
  required?: R,
) {
  return Property.Array({
    displayName,
    description,
    ...(required === undefined ? {} : { required }),
    items: Property.ShortText({ displayName, description }),
  });
}
