import pg from "pg";
import { assertSchemaName, type Database, type Queryable } from "./database";

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:5432/database`. */
  connectionString: string;
  /** Keep the runtime's tables in this schema (created when missing). Default: the server's. */
  schema?: string;
  /** Most connections the pool opens. Default 10. */
  maxConnections?: number;
}

/** A Postgres server through a `pg` connection pool. */
export async function createPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const schema = options.schema === undefined ? undefined : assertSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on("error", () => undefined);
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);

  const queryable = (target: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <T>(sql: string, params?: readonly unknown[]) =>
      (await target.query(sql, params ? [...params] : undefined)).rows as T[],
    // Without parameters pg uses the simple protocol, which takes several statements.
    execute: async (script) => {
      await target.query(script);
    },
  });

  return {
    kind: "postgres",
    ...queryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(queryable(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
