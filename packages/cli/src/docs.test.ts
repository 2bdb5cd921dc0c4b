import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryWorkspace, triggo } from "./test-support";

describe("triggo docs", () => {
  let workspace: string;
  beforeAll(() => {
    workspace = temporaryWorkspace("validate");
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));
  const readme = (connector: string) =>
    readFileSync(join(workspace, "connectors", connector, "README.md"), "utf8");

  it("--check passes on a current README and fails on a stale one, changing nothing", async () => {
    expect(await triggo(["docs", "connectors/tidy", "--check"], { cwd: workspace })).toMatchObject({
      code: 0,
      stdout: "✓ connectors/tidy/README.md: up to date\n",
    });
    const before = readme("stale-readme");
    expect(
      await triggo(["docs", "connectors/stale-readme", "--check"], { cwd: workspace }),
    ).toMatchObject({
      code: 1,
      stdout: "✗ connectors/stale-readme/README.md: stale: run triggo docs\n",
    });
    expect(readme("stale-readme")).toBe(before);
  });

  it("regenerates the section between the markers from the metadata", async () => {
    const before = readme("stale-readme");
    expect(before).toContain("Creates a note (old text).");
    expect(await triggo(["docs", "connectors/stale-readme"], { cwd: workspace })).toMatchObject({
      code: 0,
      stdout: "↻ connectors/stale-readme/README.md: reference section regenerated\n",
    });
    const after = readme("stale-readme");
    expect(after).toContain(
      "| `create_note` | **Create note**. Creates a note: POST /notes. | `title`\\* (text): The note's title.<br>`pinned` (boolean): Pin it to the top.",
    );
    expect(after.slice(0, before.indexOf("<!--"))).toBe(before.slice(0, before.indexOf("<!--")));
    expect(
      await triggo(["docs", "connectors/stale-readme", "--check"], { cwd: workspace }),
    ).toMatchObject({
      code: 0,
    });
  });

  it("adds the markers at the end of a README without them, and says so", async () => {
    const path = join(workspace, "connectors/no-test/README.md");
    writeFileSync(path, "# No test\n\nHand-written intro.\n");
    const result = await triggo(["docs", "connectors/no-test", "--json"], { cwd: workspace });
    expect(JSON.parse(result.stdout)).toEqual([
      { readme: "connectors/no-test/README.md", status: "markers-added" },
    ]);
    const text = readFileSync(path, "utf8");
    expect(
      text.startsWith(
        "# No test\n\nHand-written intro.\n\n## Reference\n\n<!-- triggo:reference:start -->",
      ),
    ).toBe(true);
    expect(text.trimEnd().endsWith("<!-- triggo:reference:end -->")).toBe(true);
    expect(text).toContain("| `note_created` | webhook | **Note created**.");
  });

  it("reports a connector it cannot load and exits 1", async () => {
    const result = await triggo(["docs", "connectors/unbuilt", "--check"], { cwd: workspace });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "✗ connectors/unbuilt/README.md: @triggo/connector-unbuilt is not built",
    );
  });
});
