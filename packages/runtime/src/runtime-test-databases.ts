// Test support (not exported): runs one suite against PGlite and, when reachable, Postgres.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import type { Database } from "./database";
import { migrateDatabase } from "./database-migrations";
import { createPgliteDatabase } from "./database-pglite";
import { createPostgresDatabase } from "./database-postgres";

/** The environment variable naming the Postgres server the suite also runs against. */
export const TEST_DATABASE_URL_ENV = "TRIGGO_TEST_DATABASE_URL";
/** The Postgres server the suites also run against. */
export const postgresUrl =
  process.env[TEST_DATABASE_URL_ENV] || "postgres://postgres@127.0.0.1:5432/test";

async function reachable(connectionString: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why that server cannot be used (the Postgres suites are skipped), or undefined. */
export const postgresProblem = await reachable(postgresUrl);
if (postgresProblem) {
  console.warn(
    `Postgres is not reachable at ${postgresUrl.replace(/\/\/[^@]*@/, "//…@")} (${postgresProblem}): the Postgres suites are skipped. Set ${TEST_DATABASE_URL_ENV} to a server's URL to run them.`,
  );
}

interface Backend {
  label: string;
  skip: boolean;
  open(): Promise<{ database: Database; dispose(): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    label: "pglite",
    skip: false,
    async open() {
      const database = await createPgliteDatabase({ dataDir: "memory://" });
      return { database, dispose: () => database.close() };
    },
  },
  {
    label: postgresProblem
      ? `postgres (skipped: not reachable; set ${TEST_DATABASE_URL_ENV})`
      : "postgres",
    skip: postgresProblem !== undefined,
    async open() {
      // Each suite gets its own schema, dropped at the end: runs never see each other's rows.
      const schema = `triggo_test_${randomBytes(6).toString("hex")}`;
      const database = await createPostgresDatabase({ connectionString: postgresUrl, schema });
      return {
        database,
        async dispose() {
          await database.query(`DROP SCHEMA ${schema} CASCADE`);
          await database.close();
        },
      };
    },
  },
];

const TABLES = [
  "delivery_attempts",
  "deliveries",
  "delivery_endpoints",
  "lifecycle_events",
  "events",
  "webhook_deliveries",
  "trigger_state",
  "trigger_instances",
  "connection_requests",
  "connected_accounts",
  "auth_configs",
].join(", ");

/**
 * Declares `suite` once per backend. The database is opened and migrated once per suite, and
 * emptied after each test.
 */
export function describeEachDatabase(title: string, suite: (database: () => Database) => void) {
  for (const backend of BACKENDS) {
    describe.skipIf(backend.skip)(`${title} [${backend.label}]`, () => {
      let opened: Awaited<ReturnType<Backend["open"]>> | undefined;
      beforeAll(async () => {
        opened = await backend.open();
        await migrateDatabase(opened.database);
      }, 60_000);
      afterEach(async () => {
        await opened?.database.query(`TRUNCATE ${TABLES} CASCADE`);
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      suite(() => {
        if (!opened) throw new Error("The test database did not open.");
        return opened.database;
      });
    });
  }
}
