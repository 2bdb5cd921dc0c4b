import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryWorkspace, triggo } from "./test-support";

interface Finding {
  package: string;
  file: string;
  rule: string;
  subject: string;
  message: string;
  fix: string;
}

describe("triggo validate", () => {
  let workspace: string;
  let findings: Finding[];
  let code: number | null;

  beforeAll(async () => {
    workspace = temporaryWorkspace("validate");
    const result = await triggo(["validate", "--json"], { cwd: workspace });
    code = result.code;
    findings = JSON.parse(result.stdout).findings;
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  const of = (connector: string) =>
    findings.filter((finding) => finding.package === `connectors/${connector}`);

  it("checks every connector of the workspace, exits 1 and names file, rule and fix", () => {
    expect(code).toBe(1);
    for (const finding of findings) {
      expect(finding.file).not.toBe("");
      expect(finding.fix).not.toBe("");
    }
  });

  it("finds nothing in a connector that keeps every rule", () => {
    expect(of("tidy")).toEqual([]);
  });

  /** [fixture connector, the rule it breaks, the file named (in its folder), part of the fix] */
  const broken: [string, string, string, string][] = [
    ["unbuilt", "build", "dist/index.js", "pnpm --filter @triggo/connector-unbuilt build"],
    ["slow-poll", "definition", "src/triggers/note-created.ts", "fix the definition"],
    ["bad-casing", "names", "src/actions/create-note.ts", "fix the definition"],
    ["twin-one", "names", "package.json", '"@triggo/connector-twin"'],
    ["no-description", "description", "src/actions/create-note.ts", "fix the definition"],
    ["twin-two", "unique-name", "package.json", "its own name"],
    ["stray-action", "file-name", "src/stray-action-connector.ts", "src/actions/create-note.ts"],
    ["bad-casing", "file-name", "src/noteHelpers.ts", "rename it to note-helpers.ts"],
    ["version-mismatch", "version", "src/version-mismatch-connector.ts", "package.json"],
    ["empty", "not-empty", "src/empty-connector.ts", "triggo add action"],
    ["no-custom-call", "custom-api-call", "src/no-custom-call-connector.ts", "createCustomApi"],
    ["bigint-sample", "serializable", "src/bigint-sample-connector.ts", "BigInts"],
    ["odd-schema", "json-schema", "src/actions/create-note.ts", "zod schema"],
    ["no-prop-description", "prop-description", "src/actions/create-note.ts", "description"],
    ["no-sample", "sample-data", "src/actions/create-note.ts", "sampleData"],
    ["wrong-sample", "sample-data", "src/actions/create-note.ts", "fix the definition"],
    ["unsigned-hook", "webhook-verify", "src/triggers/note-created.ts", "verify(context)"],
    ["unsigned-hook", "webhook-signer", "src/triggers/note-created.ts", "signDelivery"],
    ["no-test", "test", "src/actions/create-note.test.ts", "create-note.test.ts"],
    ["stale-readme", "readme", "README.md", "triggo docs connectors/stale-readme"],
    ["no-readme", "readme", "README.md", "write one"],
    ["bad-package", "package-json", "package.json", '"types" first'],
  ];

  it.each(broken)("flags %s with the %s rule in %s", (connector, rule, file, fix) => {
    const found = of(connector).filter((finding) => finding.rule === rule);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ file: `connectors/${connector}/${file}` });
    expect(found[0]!.fix).toContain(fix);
  });

  it("has a fixture that breaks each rule (the changeset rule is tested with git below)", () => {
    const rules = new Set(broken.map(([, rule]) => rule));
    const reported = new Set(findings.map((finding) => finding.rule));
    expect([...reported].filter((rule) => !rules.has(rule))).toEqual([]);
    expect(rules.size).toBe(18);
  });

  it("checks package.json as every published package has it", () => {
    const fields = of("bad-package")
      .filter((finding) => finding.rule === "package-json")
      .map((finding) => finding.subject);
    expect(fields).toEqual([
      'package.json exports["."].import',
      "package.json files",
      "package.json engines",
      "package.json sideEffects",
      "package.json publishConfig",
      "package.json repository.directory",
      "package.json devDependencies",
    ]);
  });

  it("prints findings by file with the fix, and a summary", async () => {
    const { code, stdout, stderr } = await triggo(["validate", "connectors/no-test"], {
      cwd: workspace,
    });
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toContain("connectors/no-test/src/actions/create-note.test.ts\n");
    expect(stdout).toContain(
      '✗ test  action create_note: has no test: no *.test.ts beside create-note.ts names "create_note".',
    );
    expect(stdout).toContain("    fix: add connectors/no-test/src/actions/create-note.test.ts");
    expect(stdout).toContain("note: changeset rule skipped: not inside a git repository.");
    expect(stdout).toContain("1 finding in 1 connector checked.");
    expect(stdout).not.toContain("\u001b[");
  });

  it("exits 0 on a clean connector, and 2 on a path that is no package", async () => {
    expect(await triggo(["validate", "connectors/tidy"], { cwd: workspace })).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("✓ 1 connector checked: no findings."),
    });
    expect(await triggo(["validate", "nowhere"], { cwd: workspace })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("nowhere is not a connector package"),
    });
  });

  describe("the changeset rule", () => {
    let repository: string;
    const git = (...args: string[]) => {
      const result = spawnSync(
        "git",
        ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args],
        {
          cwd: repository,
          encoding: "utf8",
        },
      );
      if (result.status !== 0) throw new Error(result.stderr);
    };

    beforeAll(() => {
      repository = temporaryWorkspace("validate");
      writeFileSync(join(repository, ".gitignore"), "node_modules/\n");
      git("init", "--quiet", "--initial-branch=main");
      git("add", ".");
      git("commit", "--quiet", "-m", "start");
      git("checkout", "--quiet", "-b", "feature");
    });
    afterAll(() => rmSync(repository, { recursive: true, force: true }));

    it("wants a changeset naming a package changed since main", async () => {
      writeFileSync(join(repository, "connectors/tidy/src/extra.ts"), "export const extra = 1;\n");
      const changed = await triggo(["validate", "connectors/tidy", "--json"], { cwd: repository });
      expect(changed.code).toBe(1);
      expect(JSON.parse(changed.stdout).findings).toEqual([
        expect.objectContaining({
          rule: "changeset",
          file: ".changeset/tidy.md",
          subject: "@triggo/connector-tidy",
          fix: expect.stringContaining('"@triggo/connector-tidy": minor|patch'),
        }),
      ]);
    });

    it("is satisfied by a new changeset that names the package", async () => {
      mkdirSync(join(repository, ".changeset"));
      writeFileSync(
        join(repository, ".changeset/tidy-extra.md"),
        '---\n"@triggo/connector-tidy": patch\n---\n\nAdd an extra.\n',
      );
      const result = await triggo(["validate", "connectors/tidy"], { cwd: repository });
      expect(result).toMatchObject({ code: 0 });
      expect(result.stdout).not.toContain("changeset rule skipped");
    });
  });
});
