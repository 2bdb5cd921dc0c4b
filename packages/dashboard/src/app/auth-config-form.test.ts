import { github } from "@triggo/connector-github";
import { describe, expect, it } from "vitest";
import {
  authConfigBody,
  authConfigSchema,
  settingLabel,
  takesAuthConfig,
} from "./auth-config-form";
import { checkForm, formFields } from "./schema-form";
import type { ConnectorDescription } from "./types";

const githubEntry = { ...github.describe(), appConfigKeys: [] } as unknown as ConnectorDescription;
const slackLike: ConnectorDescription = {
  name: "slack",
  displayName: "Slack",
  description: "",
  version: "1.0.0",
  auth: { type: "OAUTH2", scopes: ["channels:history"] },
  actions: [],
  triggers: [],
  appConfigKeys: ["signingSecret"],
};
const typeformLike: ConnectorDescription = {
  ...slackLike,
  name: "typeform",
  auth: { type: "SECRET_TEXT" },
  appConfigKeys: [],
};

describe("authConfigSchema", () => {
  it("gives an OAuth2 connector its client, secret (write-only), scopes (its own) and redirect URL", () => {
    const fields = formFields(authConfigSchema(githubEntry));
    expect(fields.map((field) => [field.name, field.kind, field.secret])).toEqual([
      ["name", "string", false],
      ["clientId", "string", false],
      ["clientSecret", "string", true],
      ["scopes", "string-list", false],
      ["redirectUrl", "string", false],
    ]);
    expect(fields[3]!.default).toEqual(["repo", "read:user"]);
  });

  it("adds one secret field per app setting; a connector without OAuth2 gets no client", () => {
    expect(
      formFields(authConfigSchema(slackLike))
        .filter((field) => field.secret)
        .map((field) => [field.name, field.label]),
    ).toEqual([
      ["clientSecret", "Client secret"],
      ["appConfig.signingSecret", "Signing secret"],
    ]);
    expect(formFields(authConfigSchema(typeformLike)).map((field) => field.name)).toEqual(["name"]);
    expect([githubEntry, slackLike, typeformLike].map(takesAuthConfig)).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe("authConfigBody", () => {
  const fields = formFields(authConfigSchema(slackLike));

  it("sends the filled fields, trimmed, with the app settings under appConfig", () => {
    const check = checkForm(fields, {
      name: " Production ",
      clientId: "123.456",
      clientSecret: "s3cret ",
      scopes: "channels:history\nchat:write",
      redirectUrl: "",
      "appConfig.signingSecret": "8f7e",
    });
    expect(authConfigBody(slackLike, check)).toEqual({
      body: {
        connector: "slack",
        name: "Production",
        clientId: "123.456",
        clientSecret: "s3cret",
        scopes: ["channels:history", "chat:write"],
        appConfig: { signingSecret: "8f7e" },
      },
      errors: {},
    });
  });

  it("asks for both the client id and secret, or neither", () => {
    const only = (raw: Record<string, string>) =>
      authConfigBody(slackLike, checkForm(fields, raw)).errors;
    expect(only({ clientSecret: "s3cret" })).toEqual({
      clientId: "Enter the client id with its secret.",
    });
    expect(only({ clientId: "123" })).toEqual({
      clientSecret: "Enter the client secret with its id.",
    });
    expect(only({})).toEqual({});
  });
});

describe("settingLabel", () => {
  it("spells a key as words", () => {
    expect(["signingSecret", "api_key"].map(settingLabel)).toEqual(["Signing secret", "Api key"]);
  });
});
