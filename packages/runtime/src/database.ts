/** Something SQL can be sent to: the database itself, or one transaction of it. */
export interface Queryable {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  execute(script: string): Promise<void>;
}

/**
 * The storage the runtime needs, kept small so that any Postgres-speaking backend fits: embedded
 * PGlite (`createPgliteDatabase`) or a Postgres server (`createPostgresDatabase`). Both run the
 * same schema and the same migrations.
 */
export interface Database extends Queryable {
  /** Which backend this is, for logs and error messages. */
  readonly kind: "pglite" | "postgres";
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Inside
   * `work`, send SQL only through the given transaction: PGlite has one connection, and a query on
   * the database itself waits for the transaction to end.
   */
  transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T>;
  /** Releases the connections (or the embedded database); the runtime's `close` calls it. */
  close(): Promise<void>;
}

/** A Postgres identifier (schema name) checked to be safe to put into SQL unquoted. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(
      `Schema name ${JSON.stringify(schema)} is not allowed: use lowercase letters, digits and underscores, starting with a letter or underscore (at most 63).`,
    );
  }
  return schema;
}
