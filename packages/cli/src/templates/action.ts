import { toPascalCase } from "../names";
import {
  type ConnectorNames,
  type MemberNames,
  stringProperty,
  type TestAuth,
  testAuthParts,
  testImports,
} from "./names";

/** The output type an added action exports, e.g. `MyServiceSendNoteOutput`. */
export function actionOutputType(connector: ConnectorNames, action: MemberNames): string {
  return `${connector.typePrefix}${toPascalCase(action.name)}Output`;
}

/** `src/actions/<name>.ts` and its test, for `triggo add action`. */
export function actionFiles(
  connector: ConnectorNames,
  action: MemberNames,
  testAuth: TestAuth,
): Record<string, string> {
  const { authOption, bearerCheck } = testAuthParts(testAuth);
  const outputType = actionOutputType(connector, action);
  const path = `/${action.fileName}`;
  return {
    [`src/actions/${action.fileName}.ts`]: `import { createAction, Property } from "@triggo/connector-sdk";
import { z } from "zod";
import { ${connector.authVariable} } from "../${connector.name}-auth";

// TODO: the fields the endpoint returns, from the provider's API reference (lenient: looseObject).
const outputSchema = z.looseObject({ id: z.string() });

/** What \`${action.name}\` returns. */
export type ${outputType} = z.infer<typeof outputSchema>;

/** ${action.displayName}: GET ${path}/{id}. TODO: the endpoint from the provider's API reference. */
export const ${action.variable} = createAction({
  name: "${action.name}",
${stringProperty("  ", "displayName", action.displayName)}
${stringProperty("  ", "description", `${action.displayName} in ${connector.displayName}.`)}
  auth: ${connector.authVariable},
  props: {
    id: Property.ShortText({
      displayName: "ID",
      description: "The ID of the item.",
      required: true,
    }),
  },
  output: outputSchema,
  sampleData: { id: "123" },
  async run(context) {
    const path = \`${path}/\${encodeURIComponent(context.propsValue.id)}\`;
    const response = await context.http.get<${outputType}>(path, {
      signal: context.signal,
    });
    return response.body;
  },
});
`,
    [`src/actions/${action.fileName}.test.ts`]: `import { HttpResponse, http, runAction, useMockApi } from "@triggo/testing";
import { describe, expect, it } from "vitest";
${testImports(connector, "..")}

${testAuth.declaration ? `${testAuth.declaration}\n` : ""}const props = { id: "123" };
const endpoint = \`\${${connector.apiUrlConstant}}${path}/123\`;

describe("${action.name}", () => {
  const api = useMockApi(...${connector.handlersVariable});

  it("sends GET ${path}/{id} with the API key and returns the result", async () => {
    api.use(http.get(endpoint, () => HttpResponse.json({ id: "123" })));
    const result = await runAction(${connector.connectorVariable}, "${action.name}", { ${authOption}props });
    expect(result).toEqual({ id: "123" });
    expect(api.lastCall()).toMatchObject({ method: "GET", endpoint });
${bearerCheck}  });

  it("maps a 404 to NOT_FOUND", async () => {
    api.use(http.get(endpoint, () => HttpResponse.json({}, { status: 404 })));
    const failure = runAction(${connector.connectorVariable}, "${action.name}", { ${authOption}props });
    await expect(failure).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a call without an ID before sending anything", async () => {
    const failure = runAction(${connector.connectorVariable}, "${action.name}", { ${authOption}props: {} });
    await expect(failure).rejects.toMatchObject({ code: "VALIDATION" });
    expect(api.calls).toHaveLength(0);
  });
});
`,
  };
}
