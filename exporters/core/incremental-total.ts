import type { PoolClient } from '../../lib/db/pool.ts';
import { labelKey, type Labels, num, type Sample } from './collector.ts';

export interface IncrementalTotalSpec {
  /**
   * SELECT of the rows of an append-only table with `id > $1`: it must return `id`, an integer
   * `value` and one column per label. It should be served by an index on id (or (filter, id)).
   */
  source: string;
  labels: readonly string[];
  /** The total is the sum of `value` divided by this (integers summed exactly, e.g. hundredths). */
  scale?: number;
  /** How long a row must have been visible before it is folded into the settled total. */
  settleSeconds: number;
  /** statement_timeout of the start-up recount, which reads the whole table once. */
  recountTimeoutMs: number;
  /** Monotonic clock in milliseconds. */
  clock?: () => number;
}

interface Observation {
  at: number;
  maxId: number;
}

/**
 * A running total over an append-only table, read incrementally by id.
 *
 * Ids are taken at insert time but become visible at commit, so a transaction holding a lower id
 * may commit after a higher id was read. The total is therefore kept in two parts:
 * - settled: rows with id <= watermark, summed once and kept in memory;
 * - fresh: rows with id > watermark, summed again on every read (only the last settle window).
 * The watermark only advances to the highest id that was visible at a read at least
 * `settleSeconds` ago: by then every transaction that held a lower id has ended (if transactions
 * are shorter than that window). The first read after start is the full recount.
 * The sum of both parts only grows, and equals a full recount of the table.
 */
export class IncrementalTotal {
  private watermark = 0;
  private readonly settled = new Map<string, { labels: Labels; units: number }>();
  private observations: Observation[] = [];
  private readonly scale: number;
  private readonly clock: () => number;

  constructor(private readonly spec: IncrementalTotalSpec) {
    this.scale = spec.scale ?? 1;
    this.clock = spec.clock ?? (() => performance.now());
  }

  /** Returns the current totals per label set and how many rows the query read. */
  async read(db: PoolClient): Promise<{ totals: Sample[]; rows: number }> {
    const startedAt = this.clock();
    const target = this.settleTarget(startedAt);
    const cols = this.spec.labels.map((l) => `src.${l}`).join(', ');
    const sql = `SELECT ${cols},
              sum(src.value) FILTER (WHERE src.id <= $2) AS settled,
              sum(src.value) FILTER (WHERE src.id > $2) AS fresh,
              count(*) AS rows, max(src.id) AS max_id
         FROM (${this.spec.source}) AS src
        GROUP BY ${cols}`;
    const rows =
      this.watermark > 0
        ? await incrementally(db, sql, [this.watermark, target])
        : await recount(db, sql, [this.watermark, target], this.spec.recountTimeoutMs);
    // Only now, after the query succeeded, does any state change.
    const fresh = new Map<string, { labels: Labels; units: number }>();
    let maxId = this.observations.at(-1)?.maxId ?? this.watermark;
    let read = 0;
    for (const row of rows) {
      const labels = Object.fromEntries(this.spec.labels.map((l) => [l, String(row[l])]));
      const key = labelKey(labels);
      const entry = this.settled.get(key) ?? { labels, units: 0 };
      entry.units += num(row.settled);
      this.settled.set(key, entry);
      fresh.set(key, { labels, units: num(row.fresh) });
      maxId = Math.max(maxId, num(row.max_id));
      read += num(row.rows);
    }
    this.watermark = target;
    this.observations = this.observations.filter((obs) => obs.maxId > target);
    this.observations.push({ at: startedAt, maxId });

    const totals: Sample[] = [];
    for (const [key, { labels, units }] of this.settled) {
      totals.push({ labels, value: (units + (fresh.get(key)?.units ?? 0)) / this.scale });
    }
    for (const [key, { labels, units }] of fresh) {
      if (!this.settled.has(key)) totals.push({ labels, value: units / this.scale });
    }
    return { totals, rows: read };
  }

  /** The highest id seen at a read at least settleSeconds ago (never below the watermark). */
  private settleTarget(now: number): number {
    const horizon = now - this.spec.settleSeconds * 1000;
    let target = this.watermark;
    for (const obs of this.observations) if (obs.at <= horizon) target = Math.max(target, obs.maxId);
    return target;
  }
}

/** The full read at start-up: its own, longer statement_timeout, restored afterwards. */
async function recount(
  db: PoolClient,
  sql: string,
  params: unknown[],
  timeoutMs: number,
): Promise<Record<string, unknown>[]> {
  const { rows: before } = await db.query<{ t: string }>(
    `SELECT current_setting('statement_timeout') AS t, set_config('statement_timeout', $1, true)`,
    [String(timeoutMs)],
  );
  try {
    return (await db.query<Record<string, unknown>>(sql, params)).rows;
  } finally {
    await db.query(`SELECT set_config('statement_timeout', $1, true)`, [before[0]?.t ?? '0']);
  }
}

/**
 * Past the start-up recount only the newest rows are read; their labels come from dimension
 * tables (vessels, cargo_operations) that grow with history. The planner underestimates the new
 * rows and may hash a whole dimension table (20k rows at 1M positions, growing); nested loops
 * over primary keys keep the cost proportional to the new rows. Scoped to this one statement.
 */
async function incrementally(
  db: PoolClient,
  sql: string,
  params: unknown[],
): Promise<Record<string, unknown>[]> {
  await db.query(
    `SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`,
  );
  try {
    return (await db.query<Record<string, unknown>>(sql, params)).rows;
  } finally {
    await db.query(
      `SELECT set_config('enable_hashjoin', 'on', true), set_config('enable_mergejoin', 'on', true)`,
    );
  }
}
