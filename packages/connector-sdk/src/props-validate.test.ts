import { describe, expect, expectTypeOf, it } from "vitest";
import { createAction } from "./action";
import type { ConnectorFile } from "./property";
import { Property } from "./property";
import { validateProps } from "./props-validate";

const props = {
  text: Property.ShortText({ displayName: "Text", required: true }),
  body: Property.LongText({ displayName: "Body" }),
  count: Property.Number({
    displayName: "Count",
    integer: true,
    min: 1,
    max: 100,
    defaultValue: 10,
  }),
  private: Property.Checkbox({ displayName: "Private" }),
  at: Property.DateTime({ displayName: "At" }),
  color: Property.StaticDropdown({
    displayName: "Color",
    options: [
      { label: "Red", value: "red" },
      { label: "Blue", value: "blue" },
    ],
  }),
  channel: Property.Dropdown({ displayName: "Channel", options: async () => ({ options: [] }) }),
  tags: Property.MultiSelectDropdown({
    displayName: "Tags",
    options: [
      { label: "Bug", value: "bug" },
      { label: "Docs", value: "docs" },
    ],
  }),
  extra: Property.Json({ displayName: "Extra" }),
  ids: Property.Array({ displayName: "Ids", items: Property.Number({ displayName: "Id" }) }),
  attachment: Property.File({ displayName: "Attachment" }),
};

describe("validateProps", () => {
  it("applies defaults and normalizes values", () => {
    const values = validateProps('Action "x"', props, {
      text: "hi",
      at: "2026-03-01T10:00:00+01:00",
      extra: '{"a":1}',
      attachment: { name: "a.txt", data: Buffer.from("hello").toString("base64") },
    });
    expect(values.count).toBe(10);
    expect(values.at).toBe("2026-03-01T09:00:00.000Z");
    expect(values.extra).toEqual({ a: 1 });
    expect(values.attachment).toEqual({
      name: "a.txt",
      data: new Uint8Array(Buffer.from("hello")),
    });
    expect(values.body).toBeUndefined();
  });

  it("reports every bad prop at once, each named with what it expects", () => {
    let caught: unknown;
    try {
      validateProps('Action "x"', props, {
        count: 2.5,
        private: "yes",
        at: "tomorrow",
        color: "green",
        tags: ["bug", "feature"],
        extra: "{nope",
        ids: [1, "2"],
        attachment: { data: "aGk=" },
        colour: "red",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "VALIDATION", retryable: false });
    const message = (caught as Error).message;
    expect(message).toContain('"text" (Text) is required: set props.text');
    expect(message).toContain('"count" (Count) must be a whole number; got 2.5');
    expect(message).toContain('"private" (Private) must be true or false; got the string "yes"');
    expect(message).toContain('"at" (At) must be an ISO 8601 date-time');
    expect(message).toContain(
      '"color" (Color) must be one of "red", "blue"; got the string "green"',
    );
    expect(message).toContain('"tags[1]" (Tags) must be one of "bug", "docs"');
    expect(message).toContain('"extra" (Extra) must be valid JSON');
    expect(message).toContain('"ids[1]" (Ids) must be a number; got the string "2"');
    expect(message).toContain('"attachment" (Attachment) needs a "name"');
    expect(message).toContain('"colour" is not a prop of Action "x"; its props are text, body');
    const issues = (caught as { details: { issues: { prop: string }[] } }).details.issues;
    expect(issues.map((issue) => issue.prop).sort()).toEqual(
      [
        "at",
        "attachment",
        "color",
        "colour",
        "count",
        "extra",
        "ids[1]",
        "private",
        "tags[1]",
        "text",
      ].sort(),
    );
  });

  it("checks number bounds", () => {
    expect(() => validateProps("A", props, { text: "t", count: 0 })).toThrow(
      '"count" (Count) must be at least 1; got 0',
    );
    expect(() => validateProps("A", props, { text: "t", count: 101 })).toThrow(
      "must be at most 100; got 101",
    );
    expect(() => validateProps("A", props, { text: "t", count: Number.NaN })).toThrow(
      "must be a number",
    );
  });

  it("treats null and empty text as not given", () => {
    expect(() => validateProps("A", props, { text: "" })).toThrow('"text" (Text) is required');
    expect(validateProps("A", props, { text: "t", body: null }).body).toBeUndefined();
  });

  it("refuses props that are not an object", () => {
    expect(() => validateProps("A", props, "text" as never)).toThrow(
      "A: props must be an object of prop values",
    );
  });
});

describe("propsValue is typed from the props", () => {
  it("types a prop with a default as set, and keeps excess keys an error", () => {
    const withDefaults = {
      mode: Property.StaticDropdown({
        displayName: "Mode",
        options: [
          { label: "Fast", value: "fast" },
          { label: "Safe", value: "safe" },
        ],
        defaultValue: "safe",
      }),
      note: Property.ShortText({ displayName: "Note", defaultValue: "none" }),
      on: Property.Checkbox({ displayName: "On", defaultValue: false }),
      plain: Property.ShortText({ displayName: "Plain" }),
    };
    createAction({
      name: "defaults",
      displayName: "Defaults",
      description: "Checks defaults.",
      props: withDefaults,
      async run(context) {
        expectTypeOf(context.propsValue.mode).toEqualTypeOf<"fast" | "safe">();
        expectTypeOf(context.propsValue.note).toEqualTypeOf<string>();
        expectTypeOf(context.propsValue.on).toEqualTypeOf<boolean>();
        expectTypeOf(context.propsValue.plain).toEqualTypeOf<string | undefined>();
        return {};
      },
    });
    // A misspelt option is still refused.
    // @ts-expect-error `requird` is not a prop setting
    Property.ShortText({ displayName: "Typo", requird: true });
    expect(validateProps("D", withDefaults, {})).toEqual({ mode: "safe", note: "none", on: false });
  });

  it("infers required, optional and dropdown value types without casts", () => {
    createAction({
      name: "typed",
      displayName: "Typed",
      description: "Checks inference.",
      props,
      async run(context) {
        expectTypeOf(context.propsValue.text).toEqualTypeOf<string>();
        expectTypeOf(context.propsValue.body).toEqualTypeOf<string | undefined>();
        // Optional, but with a default: always set.
        expectTypeOf(context.propsValue.count).toEqualTypeOf<number>();
        expectTypeOf(context.propsValue.private).toEqualTypeOf<boolean | undefined>();
        expectTypeOf(context.propsValue.color).toEqualTypeOf<"red" | "blue" | undefined>();
        expectTypeOf(context.propsValue.tags).toEqualTypeOf<("bug" | "docs")[] | undefined>();
        expectTypeOf(context.propsValue.ids).toEqualTypeOf<number[] | undefined>();
        expectTypeOf(context.propsValue.attachment).toEqualTypeOf<ConnectorFile | undefined>();
        return {};
      },
    });
  });
});
