import type { Database, Queryable } from "./database";

/** One numbered schema change; applied once, in order, by `migrateDatabase`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The runtime's schema, the same on PGlite and Postgres. Never edit a released migration: add the
 * next number. Rows a worker claims (events to deliver, instances to poll) carry a status and a
 * time so that `SELECT ... FOR UPDATE SKIP LOCKED` can hand each to one worker.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
CREATE TABLE auth_configs (
  id text PRIMARY KEY,
  connector text NOT NULL,
  name text,
  -- Not secret: scopes, redirect URL.
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Encrypted (AES-256-GCM): client id and secret, app settings such as a signing secret.
  secrets text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_configs_connector ON auth_configs (connector, created_at DESC);

CREATE TABLE connected_accounts (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  connector text NOT NULL,
  auth_config_id text REFERENCES auth_configs (id) ON DELETE RESTRICT,
  -- Encrypted (AES-256-GCM): the secret, the fields or the OAuth2 tokens.
  credentials text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired', 'revoked')),
  status_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX connected_accounts_user ON connected_accounts (user_id, connector, status, created_at DESC);

CREATE TABLE trigger_instances (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  connected_account_id text NOT NULL REFERENCES connected_accounts (id) ON DELETE RESTRICT,
  slug text NOT NULL,
  connector text NOT NULL,
  trigger_name text NOT NULL,
  connector_version text NOT NULL,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- sha256 of the canonical config: the same (account, slug, config) is the same instance.
  config_hash text NOT NULL,
  status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
  disabled_reason text,
  -- Polling: when the instance is next due (the scheduler claims due rows with SKIP LOCKED).
  next_poll_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connected_account_id, slug, config_hash)
);
CREATE INDEX trigger_instances_user ON trigger_instances (user_id, status, created_at DESC);
CREATE INDEX trigger_instances_connector ON trigger_instances (connector, status);
CREATE INDEX trigger_instances_due ON trigger_instances (next_poll_at) WHERE status = 'enabled' AND next_poll_at IS NOT NULL;

-- The SDK Store of each instance: what onEnable kept, polling cursors.
CREATE TABLE trigger_state (
  instance_id text NOT NULL REFERENCES trigger_instances (id) ON DELETE CASCADE,
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instance_id, key)
);

-- Provider delivery ids already accepted, per instance or per app endpoint ('app:slack').
CREATE TABLE webhook_deliveries (
  scope text NOT NULL,
  delivery_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, delivery_id)
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);

CREATE TABLE events (
  id text PRIMARY KEY,
  -- Insertion order, for cursors and for a delivery queue to claim in order.
  position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  instance_id text NOT NULL REFERENCES trigger_instances (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  delivery_id text,
  payload jsonb NOT NULL,
  occurred_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (instance_id, event_id)
);
CREATE INDEX events_instance ON events (instance_id, received_at);
`,
  },
  {
    version: 2,
    name: "polling_failures",
    sql: `
-- The poller's bookkeeping: consecutive failures (for the backoff), consecutive auth failures
-- (to disable an instance whose account no longer works), the last error and the last success.
ALTER TABLE trigger_instances
  ADD COLUMN poll_failures integer NOT NULL DEFAULT 0,
  ADD COLUMN poll_auth_failures integer NOT NULL DEFAULT 0,
  ADD COLUMN last_poll_error text,
  ADD COLUMN last_poll_error_at timestamptz,
  ADD COLUMN last_polled_at timestamptz;
`,
  },
  {
    version: 3,
    name: "outbound_deliveries",
    sql: `
-- Where the application takes events: a URL, a Standard Webhooks secret (encrypted), filters
-- (NULL matches everything; each list matches any of its values, all lists must match).
CREATE TABLE delivery_endpoints (
  id text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  trigger_ids text[],
  slugs text[],
  user_ids text[],
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One per (endpoint, event), inserted in the transaction that stores the event. The worker
-- claims due pending rows with SKIP LOCKED, pushing next_attempt_at forward as a lease.
CREATE TABLE deliveries (
  id text PRIMARY KEY,
  endpoint_id text NOT NULL REFERENCES delivery_endpoints (id) ON DELETE CASCADE,
  event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_event ON deliveries (event_id);

-- Every attempt: the delivery log.
CREATE TABLE delivery_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  status_code integer,
  error text,
  duration_ms integer NOT NULL,
  attempted_at timestamptz NOT NULL
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
`,
  },
  {
    version: 4,
    name: "oauth_flow_lifecycle_events_routing_keys",
    sql: `
-- An OAuth2 authorization under way: looked up by the hash of its state when the provider sends
-- the user back, and deleted then (a state works once). The PKCE verifier and the auth's extra
-- props are sealed in secrets.
CREATE TABLE connection_requests (
  id text PRIMARY KEY,
  state_hash text NOT NULL UNIQUE,
  user_id text NOT NULL,
  connector text NOT NULL,
  auth_config_id text NOT NULL REFERENCES auth_configs (id) ON DELETE CASCADE,
  redirect_uri text NOT NULL,
  callback_url text,
  secrets text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX connection_requests_expiry ON connection_requests (expires_at);

-- What happened to a trigger instance or an account rather than at a provider (an instance the
-- runtime disabled, an account whose refresh token was refused), delivered like events.
CREATE TABLE lifecycle_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  user_id text NOT NULL,
  connector text NOT NULL,
  trigger_id text,
  slug text,
  connected_account_id text,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lifecycle_events_created ON lifecycle_events (created_at);

ALTER TABLE deliveries ALTER COLUMN event_id DROP NOT NULL;
ALTER TABLE deliveries
  ADD COLUMN lifecycle_event_id text REFERENCES lifecycle_events (id) ON DELETE CASCADE;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_one_subject
  CHECK ((event_id IS NULL) <> (lifecycle_event_id IS NULL));
CREATE UNIQUE INDEX deliveries_lifecycle ON deliveries (endpoint_id, lifecycle_event_id)
  WHERE lifecycle_event_id IS NOT NULL;

-- App-level webhook instances (Slack's) are found by the routing key their trigger gives
-- (the workspace id) instead of offering each delivery to every instance of the connector.
ALTER TABLE trigger_instances ADD COLUMN routing_key text;
CREATE INDEX trigger_instances_routing ON trigger_instances (connector, routing_key)
  WHERE status = 'enabled';
`,
  },
  {
    version: 5,
    name: "oauth_reconnect",
    sql: `
-- An authorization that reconnects an existing account (its tokens replaced, its triggers kept).
ALTER TABLE connection_requests
  ADD COLUMN connected_account_id text REFERENCES connected_accounts (id) ON DELETE CASCADE;
`,
  },
];

/** The bookkeeping table; each applied migration is one row. */
const MIGRATIONS_TABLE = "triggo_migrations";

/**
 * Applies the migrations not yet applied, each in its own transaction, under an advisory lock so
 * that several processes starting at once apply each migration once. Returns the versions applied.
 */
export async function migrateDatabase(
  database: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const lock = (transaction: Queryable) =>
    transaction.query("SELECT pg_advisory_xact_lock(hashtext(current_schema()))");
  await database.transaction(async (transaction) => {
    await lock(transaction);
    await transaction.execute(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
  });
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await database.transaction(async (transaction) => {
      await lock(transaction);
      const done = await transaction.query(`SELECT 1 FROM ${MIGRATIONS_TABLE} WHERE version = $1`, [
        migration.version,
      ]);
      if (done.length > 0) return false;
      await transaction.execute(migration.sql);
      await transaction.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
