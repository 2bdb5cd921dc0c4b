import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrateDatabase } from "./database-migrations";
import { createPgliteDatabase } from "./database-pglite";
import { describeEachDatabase } from "./runtime-test-databases";

describeEachDatabase("database", (database) => {
  it("is migrated once: running the migrations again applies nothing", async () => {
    expect(await migrateDatabase(database())).toEqual([]);
    const applied = await database().query<{ version: number }>(
      "SELECT version FROM triggo_migrations ORDER BY version",
    );
    expect(applied.map((row) => row.version)).toEqual(
      MIGRATIONS.map((migration) => migration.version),
    );
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    const insert = (id: string) =>
      database().query("INSERT INTO webhook_deliveries (scope, delivery_id) VALUES ('test', $1)", [
        id,
      ]);
    await database().transaction(async (transaction) => {
      await transaction.query(
        "INSERT INTO webhook_deliveries (scope, delivery_id) VALUES ('test', 'kept')",
      );
    });
    await expect(
      database().transaction(async (transaction) => {
        await transaction.query(
          "INSERT INTO webhook_deliveries (scope, delivery_id) VALUES ('test', 'lost')",
        );
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(insert("kept")).rejects.toThrow();
    const rows = await database().query(
      "SELECT delivery_id FROM webhook_deliveries ORDER BY delivery_id",
    );
    expect(rows).toEqual([{ delivery_id: "kept" }]);
  });
});

describe("createPgliteDatabase", () => {
  it("keeps its data in files across restarts", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "triggo-pglite-")), "data");
    try {
      const first = await createPgliteDatabase({ dataDir });
      await migrateDatabase(first);
      await first.query("INSERT INTO webhook_deliveries (scope, delivery_id) VALUES ('a', 'b')");
      await first.close();
      const second = await createPgliteDatabase({ dataDir });
      expect(await migrateDatabase(second)).toEqual([]);
      expect(await second.query("SELECT scope FROM webhook_deliveries")).toEqual([{ scope: "a" }]);
      await second.close();
    } finally {
      rmSync(join(dataDir, ".."), { recursive: true, force: true });
    }
  }, 60_000);

  it("refuses an unsafe schema name", async () => {
    await expect(createPgliteDatabase({ dataDir: "memory://", schema: "x; DROP" })).rejects.toThrow(
      /Schema name "x; DROP" is not allowed/,
    );
  });
});
