import { spawn } from 'node:child_process';
import pg from 'pg';
import { bulkInsert } from '../../../api/seed/bulk-insert.ts';
import { positionColumns } from '../../../api/seed/positions.ts';
import { writePort } from '../../../api/seed/write-port.ts';
import { migrationsDir } from '../../../api/server.ts';
import { createDayPartition, partitionDays, utcDay } from '../../../api/domain/tracking/partitions.ts';
import { migrate } from '../../../lib/db/migrate.ts';
import { createPool } from '../../../lib/db/pool.ts';
import {
  incidents as standardIncidents,
  placeIncidents,
  type Incident,
  type PlacedIncident,
} from '../incidents.ts';
import { planHistoryPort } from './plan.ts';
import { reportsBetween, tracksOf, type Report } from './tracks.ts';

/** Bump whenever the plan, the tracks or the load change: a database of another version is rebuilt. */
export const databaseGeneratorVersion = 1;

export interface HistoryDatabaseOptions {
  /** The database to (re)build; it is dropped and created when not current. */
  url: string;
  days: number;
  /** Unix seconds the history ends at (the Prometheus history's end, so both sides line up). */
  end: number;
  /** Fleet size (default 600). */
  vessels?: number;
  incidents?: readonly Incident[];
  log?: (line: string) => void;
}

/** Kept in the database's comment (COMMENT ON DATABASE): what it holds and how long it took. */
export interface HistoryDatabaseManifest {
  generatorVersion: number;
  days: number;
  vessels: number;
  start: number;
  end: number;
  rows: Record<string, number>;
  incidents: PlacedIncident[];
  builtAt: string;
  /** Seconds: planning and the port (everything but positions), the positions' COPY, VACUUM ANALYZE. */
  seconds: { port: number; positions: number; vacuumAnalyze: number; total: number };
  /** /proc/loadavg when the build started and ended. */
  loadAverage: { start: string; end: string };
}

const dayMs = 86_400_000;

/** The database's name and a URL to the same server's `postgres` database, for CREATE/DROP. */
function split(url: string) {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`history database name "${name}" must be a plain identifier`);
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function readDatabaseManifest(url: string): Promise<HistoryDatabaseManifest | undefined> {
  const { name, adminUrl } = split(url);
  const comment = await withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    return rows[0]?.comment ?? null;
  });
  try {
    return comment ? (JSON.parse(comment) as HistoryDatabaseManifest) : undefined;
  } catch {
    return undefined;
  }
}

const loadAverage = async () => {
  const { readFile } = await import('node:fs/promises');
  return (await readFile('/proc/loadavg', 'utf8').catch(() => 'unknown')).trim();
};

/**
 * Builds the 30-day PostgreSQL history into the database at `url` unless one of the same
 * generator version, length, fleet and end is there. The API's migrations make the schema; the
 * port (plan.ts) goes in through the demo seed's writer in one transaction; the positions go
 * day by day through `psql \copy` (COPY FROM STDIN), the next day generated while PostgreSQL
 * loads the last; then VACUUM ANALYZE, as autovacuum would leave a month-old table. The
 * manifest is the database's comment, written last: an interrupted build starts over.
 */
export async function buildHistoryDatabase(
  options: HistoryDatabaseOptions,
): Promise<HistoryDatabaseManifest & { reused: boolean }> {
  const log = options.log ?? (() => undefined);
  const vessels = options.vessels ?? 600;
  const { name, adminUrl } = split(options.url);
  const found = await readDatabaseManifest(options.url);
  if (
    found?.generatorVersion === databaseGeneratorVersion &&
    found.days === options.days &&
    found.vessels === vessels &&
    found.end === options.end
  ) {
    log(`history database ${name} is current (built ${found.builtAt}): kept`);
    return { ...found, reused: true };
  }
  const started = Date.now();
  const loadAtStart = await loadAverage();
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const start = options.end - options.days * 86_400;
  // A shorter history holds the incidents that fit in it.
  const placed = placeIncidents(start, options.incidents ?? standardIncidents).filter(
    (i) => i.end <= options.end,
  );
  const history = planHistoryPort({ start, end: options.end, placed, vessels });
  const pool = createPool({ connectionString: options.url, applicationName: 'history-database' });
  try {
    await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
    const client = await pool.connect();
    let vesselIds: number[];
    try {
      await client.query('BEGIN');
      ({ vesselIds } = await writePort(client, history, {
        berths: history.berths,
        log: (m) => log(`history database: ${m}`),
      }));
      const have = new Set(await partitionDays(client));
      for (let t = start * 1000; t < options.end * 1000 + dayMs; t += dayMs) {
        const day = utcDay(t);
        if (!have.has(day)) await createDayPartition(client, day);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    const portSeconds = (Date.now() - started) / 1000;
    log(`history database: port written in ${portSeconds.toFixed(1)} s; positions day by day ...`);

    const positionsStarted = Date.now();
    const restoreIndexes = await dropIndexes(pool, 'positions');
    const tracks = tracksOf(history);
    const mmsi = history.vessels.map((v) => v.mmsi);
    const latest = new Map<number, Report>();
    let positions = 0;
    let loading: Promise<void> = Promise.resolve();
    for (let from = start * 1000; from < options.end * 1000; from += dayMs) {
      const to = Math.min(options.end * 1000, from + dayMs);
      const reports = reportsBetween(tracks, from, to, placed);
      for (const r of reports) latest.set(r.vessel, r);
      const csv = reports.map(
        (r) =>
          `${vesselIds[r.vessel]},${mmsi[r.vessel]},${new Date(r.ts).toISOString()},${r.lat},${r.lon},` +
          `${r.sog},${r.cog},${r.heading},${r.navStatus},${new Date(r.receivedAt).toISOString()}\n`,
      );
      await loading;
      positions += reports.length;
      loading = copyIn(options.url, 'positions', positionColumnNames, csv);
      log(
        `history database: ${new Date(to).toISOString()} ${positions.toLocaleString('en-US')} positions (${Math.round((Date.now() - started) / 1000)} s)`,
      );
    }
    await loading;
    log(`history database: positions loaded, building their indexes ...`);
    await restoreIndexes();
    const latestRows = [...latest.values()].map((r) => [
      vesselIds[r.vessel],
      mmsi[r.vessel],
      new Date(r.ts),
      r.lat,
      r.lon,
      r.sog,
      r.cog,
      r.heading,
      r.navStatus,
      new Date(r.receivedAt),
    ]);
    const latestClient = await pool.connect();
    try {
      await bulkInsert(latestClient, 'vessel_latest_positions', positionColumns, latestRows);
    } finally {
      latestClient.release();
    }
    const positionsSeconds = (Date.now() - positionsStarted) / 1000;
    log(
      `history database: ${positions.toLocaleString('en-US')} positions in ${positionsSeconds.toFixed(1)} s; VACUUM ANALYZE ...`,
    );
    const vacuumStarted = Date.now();
    await pool.query('VACUUM ANALYZE');
    const vacuumSeconds = (Date.now() - vacuumStarted) / 1000;
    const rows = await tableRows(pool);
    const manifest: HistoryDatabaseManifest = {
      generatorVersion: databaseGeneratorVersion,
      days: options.days,
      vessels,
      start,
      end: options.end,
      rows,
      incidents: placed,
      builtAt: new Date().toISOString(),
      seconds: {
        port: round(portSeconds),
        positions: round(positionsSeconds),
        vacuumAnalyze: round(vacuumSeconds),
        total: round((Date.now() - started) / 1000),
      },
      loadAverage: { start: loadAtStart, end: await loadAverage() },
    };
    await pool.query(`COMMENT ON DATABASE ${name} IS ${pg.escapeLiteral(JSON.stringify(manifest))}`);
    return { ...manifest, reused: false };
  } finally {
    await pool.end();
  }
}

/**
 * Drops a table's primary key, foreign keys and indexes for a bulk load and returns what puts them back,
 * built from their own definitions (pg_get_indexdef, pg_get_constraintdef), so the schema stays
 * the migrations' exactly. Building an index once is several times faster than growing it row
 * by row, and a foreign key added afterwards checks every row in one join instead of one
 * lookup per row.
 */
async function dropIndexes(pool: pg.Pool, table: string): Promise<() => Promise<void>> {
  const { rows: keys } = await pool.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'f') AND conparentid = 0`,
    [table],
  );
  const { rows: indexes } = await pool.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::regclass AND NOT i.indisprimary`,
    [table],
  );
  for (const k of keys) await pool.query(`ALTER TABLE ${table} DROP CONSTRAINT ${k.name}`);
  for (const i of indexes) await pool.query(`DROP INDEX ${i.name}`);
  return async () => {
    const client = await pool.connect();
    try {
      await client.query(`SET maintenance_work_mem = '256MB'`);
      for (const k of keys) await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${k.name} ${k.def}`);
      // A partitioned table's index is defined ON ONLY the parent; built ON it, it covers every partition.
      for (const i of indexes) await client.query(i.def.replace(' ON ONLY ', ' ON '));
    } finally {
      client.release();
    }
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

const positionColumnNames = positionColumns.map(([c]) => c);

/** Streams CSV lines into `table` through `psql \copy ... FROM STDIN`. */
function copyIn(
  url: string,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const command = `\\copy ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
    const child = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (err) =>
      reject(new Error(`psql could not run (${err.message}); install postgresql-client`)),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`psql \\copy into ${table} failed (${code}): ${stderr.trim()}`)),
    );
    child.stdin.on('error', () => undefined);
    const batch = 10_000;
    let i = 0;
    const write = () => {
      while (i < lines.length) {
        const more = child.stdin.write(lines.slice(i, i + batch).join(''));
        i += batch;
        if (!more) return void child.stdin.once('drain', write);
      }
      child.stdin.end();
    };
    write();
  });
}

export const historyTables = [
  'vessels',
  'berths',
  'routes',
  'staff',
  'shifts',
  'shift_staff',
  'port_calls',
  'port_call_events',
  'cargo_operations',
  'cargo_progress',
  'assignments',
  'positions',
  'vessel_latest_positions',
] as const;

/** Exact row counts of the history's tables. */
export async function tableRows(db: pg.Pool | pg.Client): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of historyTables) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    out[table] = Number(rows[0]?.n);
  }
  return out;
}
