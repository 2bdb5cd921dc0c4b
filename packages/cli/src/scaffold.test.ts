import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConnector, execute, temporaryWorkspace, tool, triggo } from "./test-support";

describe("triggo init connector and triggo add", () => {
  let workspace: string;
  let connector: string;

  beforeAll(async () => {
    workspace = temporaryWorkspace();
    connector = join(workspace, "connectors", "acme-crm");
    const created = await triggo(["init", "connector", "acme-crm", "--display-name", "Acme CRM"], {
      cwd: workspace,
    });
    expect(created).toMatchObject({ code: 0, stderr: "" });
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it("creates the package in the shape of connectors/typeform, with its changeset", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "tsconfig.json",
      "tsup.config.ts",
      "src/index.ts",
      "src/acme-crm-connector.ts",
      "src/acme-crm-connector.test.ts",
      "src/acme-crm-auth.ts",
      "src/acme-crm-http.ts",
      "src/mocks.ts",
    ]) {
      expect(existsSync(join(connector, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(connector, "package.json"), "utf8"));
    expect(manifest).toMatchObject({
      name: "@triggo/connector-acme-crm",
      type: "module",
      sideEffects: false,
      files: ["dist"],
      engines: { node: ">=20.19" },
      repository: { directory: "connectors/acme-crm" },
      publishConfig: { access: "public", provenance: true },
    });
    expect(Object.keys(manifest.exports["."].import)).toEqual(["types", "default"]);
    expect(readFileSync(join(connector, "tsup.config.ts"), "utf8")).toBe(
      'export { default } from "../../tsup.config.base";\n',
    );
    expect(readFileSync(join(workspace, ".changeset/acme-crm-connector.md"), "utf8")).toContain(
      '"@triggo/connector-acme-crm": minor',
    );
    expect(readFileSync(join(connector, "README.md"), "utf8")).toContain(
      "<!-- triggo:reference:start -->",
    );
  });

  it("adds an action and a trigger: file, test, registration and export", async () => {
    expect(
      await triggo(["add", "action", "acme-crm", "get_contact"], { cwd: workspace }),
    ).toMatchObject({ code: 0 });
    expect(
      await triggo(["add", "trigger", "connectors/acme-crm", "new_contact"], { cwd: workspace }),
    ).toMatchObject({ code: 0 });
    expect(
      await triggo(["add", "trigger", "acme-crm", "contact_updated", "--webhook"], {
        cwd: workspace,
      }),
    ).toMatchObject({ code: 0 });
    expect(existsSync(join(connector, "src/actions/get-contact.test.ts"))).toBe(true);
    expect(readFileSync(join(connector, "src/triggers/contact-updated.ts"), "utf8")).toContain(
      "signDelivery: ({ rawBody, secret }) =>",
    );
    expect(existsSync(join(connector, "src/triggers/new-contact.test.ts"))).toBe(true);
    const source = readFileSync(join(connector, "src/acme-crm-connector.ts"), "utf8");
    expect(source).toContain('import { getContact } from "./actions/get-contact";');
    expect(source).toContain("  actions: [\n    getContact,\n");
    expect(source).toContain("  triggers: [newContact, contactUpdated],");
    expect(readFileSync(join(connector, "src/index.ts"), "utf8")).toBe(
      [
        'export { acmeCrm } from "./acme-crm-connector";',
        'export type { AcmeCrmGetContactOutput } from "./actions/get-contact";',
        'export type { AcmeCrmContactUpdatedPayload } from "./triggers/contact-updated";',
        'export type { AcmeCrmNewContactPayload } from "./triggers/new-contact";',
        "",
      ].join("\n"),
    );
  });

  it("builds, type-checks and passes its tests, then validates clean once the docs are regenerated", async () => {
    const build = await buildConnector(connector);
    expect(build.code, build.stderr).toBe(0);
    const typecheck = await execute(tool("tsc"), ["-p", "tsconfig.json"], { cwd: connector });
    expect(typecheck.code, typecheck.stdout).toBe(0);
    const tests = await execute(tool("vitest"), ["run"], { cwd: connector });
    expect(tests.code, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+\S*\s*\d+ passed/);

    const stale = await triggo(["validate", "connectors/acme-crm", "--json"], { cwd: workspace });
    expect(
      JSON.parse(stale.stdout).findings.map((finding: { rule: string }) => finding.rule),
    ).toEqual(["readme"]);
    expect(await triggo(["docs", "connectors/acme-crm"], { cwd: workspace })).toMatchObject({
      code: 0,
    });
    const clean = await triggo(["validate", "connectors/acme-crm"], { cwd: workspace });
    expect(clean.stdout).toContain("✓ 1 connector checked: no findings.");
    expect(clean.code).toBe(0);
  }, 60_000);

  it("validates clean straight after init, once built", async () => {
    const fresh = temporaryWorkspace();
    try {
      await triggo(["init", "connector", "fresh"], { cwd: fresh });
      const build = await buildConnector(join(fresh, "connectors/fresh"));
      expect(build.code, build.stderr).toBe(0);
      const result = await triggo(["validate", "--json"], { cwd: fresh });
      expect(JSON.parse(result.stdout)).toMatchObject({
        findings: [],
        checked: ["connectors/fresh"],
      });
      expect(result.code).toBe(0);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 30_000);

  it("refuses bad names with the rule, and does not overwrite", async () => {
    expect(await triggo(["init", "connector", "My_Service"], { cwd: workspace })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '"My_Service" is not a valid connector name: connector names are kebab-case',
      ),
    });
    expect(
      await triggo(["add", "action", "acme-crm", "getContact"], { cwd: workspace }),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '"getContact" is not a valid action name: action names are snake_case',
      ),
    });
    expect(
      await triggo(["add", "action", "acme-crm", "get_contact"], { cwd: workspace }),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('has an action named "get_contact" already'),
    });
    expect(await triggo(["init", "connector", "acme-crm"], { cwd: workspace })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("exists and is not empty"),
    });
  });
});
