import { ConnectorAuth } from "@triggo/connector-sdk";

/**
 * A GitHub account, connected through an OAuth app or a GitHub App (authorization-code flow at
 * https://github.com/login/oauth/authorize, tokens from https://github.com/login/oauth/access_token),
 * or by pasting a personal access token. Either way the token is sent as
 * `Authorization: Bearer <token>`.
 *
 * GitHub answers token-endpoint errors with HTTP 200 and an `error` field, which the shared OAuth2
 * client reads. A GitHub App's user access tokens expire after eight hours and come with a refresh
 * token (six months): `init({ auth, oauth2: { clientId, clientSecret } })` refreshes them.
 *
 * The account is checked with GET /user, which every valid token may call.
 */
export const githubAuth = ConnectorAuth.OAuth2({
  displayName: "GitHub account",
  description:
    "Connect a GitHub account (an OAuth app asks for the repo and read:user scopes; a GitHub App asks for the repository permissions it was given), or paste a personal access token.",
  authorizationUrl: "https://github.com/login/oauth/authorize",
  tokenUrl: "https://github.com/login/oauth/access_token",
  scopes: ["repo", "read:user"],
  manualToken: {
    displayName: "Personal access token",
    description:
      "A fine-grained or classic token from github.com/settings/tokens with the repository permissions the actions need: Issues and Pull requests (read and write) for issues, comments, labels and pull requests, Contents (read and write) for files, commits and releases, Webhooks (read and write; needs admin rights on the repository) for the webhook triggers. A classic token needs the repo scope, which includes repository webhooks.",
    env: "GITHUB_TOKEN",
  },
  async validate({ http, signal }) {
    await http.get("/user", { signal });
  },
});
