import { randomBytes } from 'node:crypto';
import pg from 'pg';

// The machine's PostgreSQL (trust auth). Each test file gets a database of its own.
export const adminUrl =
  process.env.PORTTRACK_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Every test database's name starts with this (PORTTRACK_TEST_DB_PREFIX), so parallel checkouts can tell theirs apart. */
const namePrefix = process.env.PORTTRACK_TEST_DB_PREFIX ?? 'pt_';

/**
 * A new database; with `template`, a copy of that one as it is (CREATE DATABASE ... TEMPLATE:
 * nothing may be connected to it meanwhile), e.g. the state a restore would bring back.
 */
export async function createTestDatabase(prefix: string, template?: TestDatabase): Promise<TestDatabase> {
  const name = `${namePrefix}${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) =>
    client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template.name}` : ''}`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `cannot reach PostgreSQL at ${adminUrl} (${(err as Error).message}); start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set PORTTRACK_TEST_PG_ADMIN_URL',
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
