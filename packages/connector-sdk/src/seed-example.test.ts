// The minimal example from the Connector SDK overview, verbatim: it must compile and run.
import { describe, expect, it } from "vitest";
import { ConnectorAuth, createAction, createConnector, Property } from "./index";

const greet = createAction({
  name: "greet_user",
  displayName: "Greet User",
  description: "Returns a greeting for the given name.",
  props: {
    name: Property.ShortText({
      displayName: "Name",
      description: "The name to greet.",
      required: true,
    }),
  },
  async run(context) {
    const name = context.propsValue.name as string;
    return { greeting: `Hello, ${name}!` };
  },
});

export const myConnector = createConnector({
  name: "my-service",
  displayName: "My Service",
  description: "A minimal connector example.",
  auth: ConnectorAuth.None(),
  actions: [greet],
  triggers: [],
});

describe("the SDK overview's minimal example", () => {
  it("runs through the typed client", async () => {
    const client = myConnector.init();
    await expect(client.actions.greet_user({ name: "Ada" })).resolves.toEqual({
      greeting: "Hello, Ada!",
    });
  });

  it("refuses a call without the required prop, naming it", async () => {
    const client = myConnector.init();
    // @ts-expect-error the name prop is required
    const call = client.actions.greet_user({});
    await expect(call).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(call).rejects.toThrow(/"name" \(Name\) is required: set props\.name/);
  });

  it("describes itself as JSON Schema", () => {
    const description = myConnector.describe();
    expect(description.actions[0]?.props).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        name: {
          type: "string",
          title: "Name",
          description: "The name to greet.",
          "x-triggo": { type: "SHORT_TEXT" },
        },
      },
      required: ["name"],
      additionalProperties: false,
    });
  });
});
