import {
  toCamelCase,
  toConstantCase,
  toDisplayName,
  toKebabCase,
  toPascalCase,
  toTitleCase,
} from "../names";

/** The identifiers a connector's generated files use, all derived from its kebab-case name. */
export interface ConnectorNames {
  /** `my-service` */
  name: string;
  /** `My Service` (or what `--display-name` says). */
  displayName: string;
  /** `@triggo/connector-my-service` */
  packageName: string;
  /** `myService`: the exported connector. */
  connectorVariable: string;
  /** `myServiceAuth` */
  authVariable: string;
  /** `myServiceHandlers` */
  handlersVariable: string;
  /** `MY_SERVICE_API_URL` */
  apiUrlConstant: string;
  /** `MyService`: the prefix of exported type names. */
  typePrefix: string;
  /** `MY_SERVICE_API_KEY` */
  envVariable: string;
}

/** The identifiers of one action or trigger, from its snake_case name. */
export interface MemberNames {
  /** `send_message` */
  name: string;
  /** `Send message` */
  displayName: string;
  /** `send-message`: its file name. */
  fileName: string;
  /** `sendMessage`: its exported constant. */
  variable: string;
}

/** Derives every identifier of a connector from its kebab-case name. */
export function connectorNames(name: string, displayName?: string): ConnectorNames {
  const variable = toCamelCase(name);
  return {
    name,
    displayName: displayName ?? toTitleCase(name),
    packageName: `@triggo/connector-${name}`,
    connectorVariable: variable,
    authVariable: `${variable}Auth`,
    handlersVariable: `${variable}Handlers`,
    apiUrlConstant: `${toConstantCase(name)}_API_URL`,
    typePrefix: toPascalCase(name),
    envVariable: `${toConstantCase(name)}_API_KEY`,
  };
}

/** Derives the identifiers of an action or trigger from its snake_case name. */
export function memberNames(name: string): MemberNames {
  return {
    name,
    displayName: toDisplayName(name),
    fileName: toKebabCase(name),
    variable: toCamelCase(name),
  };
}

/** Biome's line width in this repository. */
export const LINE_WIDTH = 100;

/**
 * `key: "value",` at `indent`, on one line when it fits, else with the string on the next line:
 * how Biome prints it, so generated files pass `biome check` as written.
 */
export function stringProperty(indent: string, key: string, value: string): string {
  const literal = JSON.stringify(value);
  const line = `${indent}${key}: ${literal},`;
  return line.length <= LINE_WIDTH ? line : `${indent}${key}:\n${indent}  ${literal},`;
}

/** How the tests of an added action or trigger authenticate, from the connector's auth. */
export interface TestAuth {
  /** The test's `const auth = ...;` line; undefined when the connector needs no credentials. */
  declaration: string | undefined;
  /** True when the credentials go out as `Authorization: Bearer <auth>`: the test asserts it. */
  bearer: boolean;
}

/** A SecretText (or pasted OAuth2) token sent as a bearer token: the template's own auth. */
export const SECRET_TEST_AUTH: TestAuth = {
  declaration: 'const auth = "test-api-key-123456";',
  bearer: true,
};

/** The pieces of test code that depend on the auth. */
export function testAuthParts(testAuth: TestAuth) {
  const hasAuth = testAuth.declaration !== undefined;
  return {
    /** Inside `runAction(connector, name, { ... })`. */
    authOption: hasAuth ? "auth, " : "",
    /** After `createTriggerHarness(connector, name`. */
    harnessOptions: hasAuth ? ", { auth }" : "",
    /** The assertion that the credentials went out as a bearer token, if they do. */
    bearerCheck: testAuth.bearer
      ? `    expect(api.lastCall().headers.authorization).toBe(\`Bearer \${auth}\`);\n`
      : "",
  };
}

/**
 * A test's imports of the connector, its API URL and its msw handlers from `folder` (`.` or
 * `..`), sorted by source as Biome orders them (`../mocks` comes before `../zendesk-connector`).
 */
export function testImports(connector: ConnectorNames, folder: string): string {
  const imports: [string, string][] = [
    [`${folder}/${connector.name}-connector`, connector.connectorVariable],
    [`${folder}/${connector.name}-http`, connector.apiUrlConstant],
    [`${folder}/mocks`, connector.handlersVariable],
  ];
  return imports
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([source, name]) => `import { ${name} } from "${source}";`)
    .join("\n");
}
