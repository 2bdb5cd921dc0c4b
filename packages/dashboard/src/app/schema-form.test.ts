import { github } from "@triggo/connector-github";
import { describe, expect, it } from "vitest";
import { checkForm, formFields, initialRaw, issuesByField } from "./schema-form";

const schema = {
  type: "object",
  properties: {
    title: { type: "string", title: "Title", description: "Shown first." },
    body: { type: "string", title: "Body", "x-triggo": { type: "LONG_TEXT" } },
    since: { type: "string", format: "date-time", title: "Since" },
    count: { type: "integer", title: "Count", minimum: 1, maximum: 10, default: 3 },
    ratio: { type: "number", title: "Ratio" },
    draft: { type: "boolean", title: "Draft" },
    color: {
      title: "Color",
      oneOf: [
        { const: "red", title: "Red" },
        { const: 2, title: "Two" },
      ],
    },
    size: { type: "string", enum: ["s", "m"], title: "Size" },
    labels: { type: "array", items: { type: "string" }, title: "Labels" },
    events: {
      type: "array",
      uniqueItems: true,
      items: { oneOf: [{ const: "push", title: "Push" }, { const: "issues" }] },
      title: "Events",
    },
    extra: { type: "object", title: "Extra" },
    anything: { title: "Anything" },
    channel: {
      anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }],
      title: "Channel",
      "x-triggo": { type: "DROPDOWN", dynamicOptions: true, refreshers: ["title"] },
    },
  },
  required: ["title", "count", "color"],
};

describe("formFields", () => {
  it("maps each JSON Schema type to a field kind, in order, with labels and required", () => {
    const fields = formFields(schema);
    expect(fields.map((field) => [field.name, field.kind, field.required])).toEqual([
      ["title", "string", true],
      ["body", "text", false],
      ["since", "date-time", false],
      ["count", "integer", true],
      ["ratio", "number", false],
      ["draft", "boolean", false],
      ["color", "enum", true],
      ["size", "enum", false],
      ["labels", "string-list", false],
      ["events", "multi-enum", false],
      ["extra", "json", false],
      ["anything", "json", false],
      ["channel", "dynamic", false],
    ]);
    const byName = Object.fromEntries(fields.map((field) => [field.name, field]));
    expect(byName.title).toMatchObject({ label: "Title", description: "Shown first." });
    expect(byName.color!.options).toEqual([
      { label: "Red", value: "red" },
      { label: "Two", value: 2 },
    ]);
    expect(byName.events!.options.map((option) => option.label)).toEqual(["Push", "issues"]);
    expect(byName.extra!.objectOnly).toBe(true);
    expect(byName.anything!.objectOnly).toBe(false);
    expect(byName.channel!.refreshers).toEqual(["title"]);
    expect(initialRaw(byName.count!)).toBe("3");
  });

  it("reads the GitHub commit trigger's config as the SDK describes it", () => {
    const trigger = github.describe().triggers.find((item) => item.name === "new_commit")!;
    const fields = formFields(trigger.props);
    expect(fields.map((field) => [field.name, field.kind, field.required])).toEqual([
      ["owner", "dynamic", true],
      ["repo", "dynamic", true],
      ["branch", "string", false],
    ]);
    expect(fields[1]!.refreshers).toEqual(["owner"]);
    expect(checkForm(fields, { owner: "octocat", repo: "Hello-World", branch: "" })).toEqual({
      value: { owner: "octocat", repo: "Hello-World" },
      errors: {},
    });
  });

  it("gives nothing for a schema without properties", () => {
    expect(formFields(undefined)).toEqual([]);
    expect(formFields({ type: "object" })).toEqual([]);
  });
});

describe("checkForm", () => {
  const fields = formFields(schema);

  it("converts every kind and leaves empty optional fields out", () => {
    const check = checkForm(
      fields,
      {
        title: "Hello",
        body: "",
        since: "2026-01-31T09:30:00Z",
        count: "4",
        ratio: "0.5",
        draft: true,
        color: "1",
        size: "",
        labels: "a\n\n b \n",
        events: ["0", "1"],
        extra: '{"a": 1}',
        anything: "[1, 2]",
        channel: "C42",
      },
      { channel: [{ label: "#general", value: 42 }] },
    );
    expect(check.errors).toEqual({});
    expect(check.value).toEqual({
      title: "Hello",
      since: "2026-01-31T09:30:00Z",
      count: 4,
      ratio: 0.5,
      draft: true,
      color: 2,
      labels: ["a", "b"],
      events: ["push", "issues"],
      extra: { a: 1 },
      anything: [1, 2],
      channel: "C42",
    });
  });

  it("keeps a loaded option's own type", () => {
    const check = checkForm(
      fields,
      { title: "x", count: "1", color: "0", channel: "42" },
      { channel: [{ label: "#general", value: 42 }] },
    );
    expect(check.value.channel).toBe(42);
  });

  it("names every bad field with the schema's rule", () => {
    const check = checkForm(fields, {
      title: "  ",
      count: "2.5",
      ratio: "abc",
      color: "",
      since: "yesterday-ish",
      extra: "[1]",
      anything: "{nope",
    });
    expect(check.errors).toEqual({
      title: "Title is required.",
      count: "Count must be a whole number.",
      ratio: "Ratio must be a number.",
      color: "Color is required.",
      since: "Since must be a date and time, e.g. 2026-01-31T09:30:00Z.",
      extra: 'Extra must be a JSON object, e.g. {"key": "value"}.',
      anything: expect.stringMatching(/^Anything must be valid JSON \(/),
    });
    expect(checkForm(fields, { title: "t", color: "0", count: "0" }).errors).toEqual({
      count: "Count must be at least 1.",
    });
    expect(checkForm(fields, { title: "t", color: "0", count: "11" }).errors).toEqual({
      count: "Count must be at most 10.",
    });
    expect(checkForm(fields, { title: "t", color: "7", count: "1" }).errors).toEqual({
      color: "Choose one of the listed values.",
    });
  });
});

describe("issuesByField", () => {
  it("maps the server's issues to the fields, prefixes dropped, the rest under ''", () => {
    const error = {
      code: "VALIDATION",
      message: "Invalid triggerConfig",
      details: {
        issues: [
          { prop: "owner", message: '"owner" (Owner) is required' },
          { prop: "triggerConfig.repo", message: "repo is wrong" },
          { prop: "repo", message: "and again" },
          { prop: "nope", message: "unknown field" },
          { message: "no prop" },
          "garbage",
        ],
      },
    };
    expect(issuesByField(error, ["owner", "repo"])).toEqual({
      owner: '"owner" (Owner) is required',
      repo: "repo is wrong and again",
      "": "unknown field no prop",
    });
    expect(issuesByField({ issues: [{ prop: "owner", message: "m" }] })).toEqual({ owner: "m" });
    expect(issuesByField(undefined)).toEqual({});
  });
});
