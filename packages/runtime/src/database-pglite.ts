import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { assertSchemaName, type Database, type Queryable } from "./database";

/** Where the embedded database keeps its files unless told otherwise. */
export const DEFAULT_PGLITE_DATA_DIR = ".triggo/data";

export interface PgliteDatabaseOptions {
  /**
   * A directory for the database files (created when missing), or `"memory://"` for a database
   * that lives only as long as the process. Default `.triggo/data` under the working directory.
   */
  dataDir?: string;
  /** Keep the runtime's tables in this Postgres schema (created when missing). Default `public`. */
  schema?: string;
}

/**
 * Embedded Postgres (PGlite, WebAssembly): nothing to install or run, file-backed by default. One
 * process owns the files; run a Postgres server (`createPostgresDatabase`) for several.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<Database> {
  const schema = options.schema === undefined ? undefined : assertSchemaName(options.schema);
  const dataDir = options.dataDir ?? DEFAULT_PGLITE_DATA_DIR;
  if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  if (schema !== undefined) {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  }
  const queryable = (target: Pick<PGlite, "query" | "exec">): Queryable => ({
    query: async <T>(sql: string, params?: readonly unknown[]) =>
      (await target.query<T>(sql, params ? [...params] : undefined)).rows,
    execute: async (script) => {
      await target.exec(script);
    },
  });

  return {
    kind: "pglite",
    ...queryable(pglite),
    transaction: (work) => pglite.transaction((transaction) => work(queryable(transaction))),
    close: () => pglite.close(),
  };
}
