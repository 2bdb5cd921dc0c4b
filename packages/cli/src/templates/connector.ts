import {
  ConnectorAuth,
  type ConnectorDescription,
  createConnector,
  createCustomApiCallAction,
} from "@triggo/connector-sdk";
import { type ConnectorNames, stringProperty, testImports } from "./names";

/** Where the generated package sits relative to the workspace root, for its configs. */
export interface PackageLocation {
  /** `connectors/my-service`: the package's path inside the repository. */
  directory: string;
  /** `../..`: from the package to the workspace root. */
  toRoot: string;
}

/** The placeholder API address a new connector starts with, until its author sets the real one. */
const PLACEHOLDER_API_URL = "https://api.example.com";

function metadata(names: ConnectorNames) {
  return {
    description: `Call the ${names.displayName} API from workflows and AI agents.`,
    authDisplayName: "API key",
    authDescription: `A ${names.displayName} API key, sent as a bearer token. Create one in your ${names.displayName} account settings.`,
    apiName: `the ${names.displayName} API`,
    sampleData: {
      status: 200,
      headers: { "content-type": "application/json" },
      body: { id: "123" },
    },
  };
}

/**
 * What the generated connector describes itself as, built with the SDK from the same values as
 * its source, so that the README's reference section is current from the start.
 */
export function describeNewConnector(names: ConnectorNames): ConnectorDescription {
  const values = metadata(names);
  const auth = ConnectorAuth.SecretText({
    displayName: values.authDisplayName,
    description: values.authDescription,
    env: names.envVariable,
  });
  return createConnector({
    name: names.name,
    displayName: names.displayName,
    description: values.description,
    auth,
    http: { baseUrl: PLACEHOLDER_API_URL },
    actions: [
      createCustomApiCallAction({ auth, apiName: values.apiName, sampleData: values.sampleData }),
    ],
    triggers: [],
  }).describe();
}

function packageJson(names: ConnectorNames, location: PackageLocation): string {
  const manifest = {
    name: names.packageName,
    version: "0.0.0",
    description: `${names.displayName} for Triggo: ${metadata(names).description}`,
    license: "MIT",
    type: "module",
    sideEffects: false,
    main: "./dist/index.cjs",
    module: "./dist/index.js",
    types: "./dist/index.d.cts",
    exports: {
      ".": {
        import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
        require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
      },
      "./package.json": "./package.json",
    },
    files: ["dist"],
    engines: { node: ">=20.19" },
    repository: {
      type: "git",
      url: "git+https://github.com/triggo-dev/triggo.git",
      directory: location.directory,
    },
    publishConfig: { access: "public", provenance: true },
    scripts: {
      build: `tsup && node ${location.toRoot}/scripts/esm-entry.mjs`,
      typecheck: "tsc -p tsconfig.json",
      test: "vitest run",
      "check:package": "publint --strict && attw --pack .",
      lint: "biome check .",
    },
    dependencies: {
      "@triggo/connector-sdk": "workspace:^",
      "@triggo/shared": "workspace:^",
      zod: "^4.1.0",
    },
    devDependencies: {
      "@triggo/testing": "workspace:^",
      msw: "^2.15.0",
      vitest: "^4.1.12",
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function readme(names: ConnectorNames, reference: string): string {
  return `# ${names.packageName}

${names.displayName} for Triggo: ${metadata(names).description}

\`\`\`sh
npm install ${names.packageName}
\`\`\`

## Credentials

The connector signs in with a ${names.displayName} API key:

1. Log in to ${names.displayName} and open your account settings.
2. Create an API key and copy it.

Pass it as \`init({ auth })\`, or set \`${names.envVariable}\`.

## Example

\`\`\`ts
import { ${names.connectorVariable} } from "${names.packageName}";

const client = ${names.connectorVariable}.init({ auth: process.env.${names.envVariable} });
const result = await client.actions.custom_api_call({ method: "GET", path: "/me" });
\`\`\`

Failures are \`ConnectorError\`s with a \`code\` (\`AUTH_INVALID\`, \`NOT_FOUND\`, \`RATE_LIMITED\`, ...).

## Reference

${reference}
`;
}

/**
 * Every file of a new connector package, by path relative to the package folder, modelled on
 * connectors/typeform. `reference` is the README's generated reference section.
 */
export function connectorFiles(
  names: ConnectorNames,
  location: PackageLocation,
  reference: string,
): Record<string, string> {
  const values = metadata(names);
  const { name, connectorVariable, authVariable, handlersVariable, apiUrlConstant } = names;
  return {
    "package.json": packageJson(names, location),
    "README.md": readme(names, reference),
    "tsconfig.json": `{\n  "extends": "${location.toRoot}/tsconfig.base.json",\n  "include": ["src"]\n}\n`,
    "tsup.config.ts": `export { default } from "${location.toRoot}/tsup.config.base";\n`,
    "src/index.ts": `export { ${connectorVariable} } from "./${name}-connector";\n`,
    [`src/${name}-http.ts`]: `/** The API's address. TODO: the base URL from ${names.displayName}'s API reference. */
export const ${apiUrlConstant} = "${PLACEHOLDER_API_URL}";
`,
    [`src/${name}-auth.ts`]: `import { ConnectorAuth } from "@triggo/connector-sdk";

/**
 * A ${names.displayName} API key, sent as \`Authorization: Bearer <key>\`.
 * TODO: say where to create it and which scopes it needs, from the provider's documentation.
 */
export const ${authVariable} = ConnectorAuth.SecretText({
${stringProperty("  ", "displayName", values.authDisplayName)}
${stringProperty("  ", "description", values.authDescription)}
  env: "${names.envVariable}",
});
`,
    [`src/${name}-connector.ts`]: `import { createConnector, createCustomApiCallAction } from "@triggo/connector-sdk";
import { version } from "../package.json";
import { ${authVariable} } from "./${name}-auth";
import { ${apiUrlConstant} } from "./${name}-http";

/**
 * ${names.displayName}: ${values.description}
 * \`${connectorVariable}.init({ auth })\` gives a typed client.
 */
export const ${connectorVariable} = createConnector({
  name: "${name}",
${stringProperty("  ", "displayName", names.displayName)}
${stringProperty("  ", "description", values.description)}
  version,
  auth: ${authVariable},
  http: { baseUrl: ${apiUrlConstant} },
  actions: [
    createCustomApiCallAction({
      auth: ${authVariable},
${stringProperty("      ", "apiName", values.apiName)}
      sampleData: {
        status: 200,
        headers: { "content-type": "application/json" },
        body: { id: "123" },
      },
    }),
  ],
  triggers: [],
});
`,
    "src/mocks.ts": `import { HttpResponse, http } from "@triggo/testing";
import { ${apiUrlConstant} } from "./${name}-http";

/** The ${names.displayName} API as its documentation's examples answer it. */
export const ${handlersVariable} = [
  // TODO: one handler per endpoint the connector calls, answering like the documentation.
  http.get(\`\${${apiUrlConstant}}/me\`, () => HttpResponse.json({ id: "123" })),
];
`,
    [`src/${name}-connector.test.ts`]: `import { describeConnector, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
import { version } from "../package.json";
${testImports(names, ".")}

describeConnector(${connectorVariable}, { packageVersion: version });

describe("custom_api_call", () => {
  const api = useMockApi(...${handlersVariable});

  it("calls any endpoint with the API key and returns the raw response", async () => {
    const result = await runAction(${connectorVariable}, "custom_api_call", {
      auth: "test-api-key-123456",
      props: { method: "GET", path: "/me" },
    });
    expect(result).toMatchObject({ status: 200, body: { id: "123" } });
    const call = api.lastCall();
    expect(call).toMatchObject({
      method: "GET",
      endpoint: \`\${${apiUrlConstant}}/me\`,
    });
    expect(call.headers.authorization).toBe("Bearer test-api-key-123456");
  });
});
`,
  };
}

/** The changeset that announces a new connector package. */
export function connectorChangeset(names: ConnectorNames): string {
  return `---
"${names.packageName}": minor
---

Add the ${names.displayName} connector: call any ${names.displayName} API endpoint with an API key.
`;
}
