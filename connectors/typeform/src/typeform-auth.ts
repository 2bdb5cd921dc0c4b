import { ConnectorAuth } from "@triggo/connector-sdk";

/**
 * A Typeform personal access token, sent as `Authorization: Bearer <token>`. It is checked with
 * GET /forms?page_size=1, which needs only `forms:read`, a scope the connector uses anyway
 * (GET /me would also need `accounts:read`).
 */
export const typeformAuth = ConnectorAuth.SecretText({
  displayName: "Personal access token",
  description:
    "A Typeform personal access token (it starts with tfp_). In Typeform, open Account > Personal tokens > Generate a new token, and give it the scopes forms:read, responses:read, webhooks:read and webhooks:write.",
  env: "TYPEFORM_TOKEN",
  async validate({ http, signal }) {
    await http.get("/forms", { query: { page_size: 1 }, signal });
  },
});
