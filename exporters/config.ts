import { z } from 'zod';
import { intervalFields } from './refresh-intervals.ts';
import { readDatabaseUrl } from '../lib/config/database-url.ts';
import { type Env, logLevel, nodeEnv, parseConfig, port } from '../lib/config/env.ts';

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);

const schema = z.object({
  PORT: port(9464),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  DATABASE_URL: z
    .string({
      error:
        'is required: the API database, read through a login user in role porttrack_read ' +
        '(e.g. postgres://porttrack_exporter@db:5432/porttrack); `npm start` passes its embedded database',
    })
    .url(),
  EXPORTER_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /**
   * Bound on one whole refresh (all its queries): a database that stops answering cannot hang a
   * collector. Keep it above the statement timeout and below the shortest refresh interval.
   */
  EXPORTER_REFRESH_DEADLINE_MS: z.coerce.number().int().min(100).default(10_000),
  /** The counters' start-up recount reads their whole tables once; it gets its own timeout. */
  EXPORTER_RECOUNT_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  ...intervalFields,
  /** A vessel in port whose latest position is older than this counts as stale. */
  EXPORTER_AIS_STALE_SECONDS: seconds(600),
  /** An in-progress or stalled cargo operation without progress for this long counts as stalled. */
  EXPORTER_CARGO_STALL_SECONDS: seconds(1800),
  /** Rostered time per person and day beyond this is overtime. */
  EXPORTER_STANDARD_SHIFT_SECONDS: seconds(8 * 3600),
  /** No shift or assignment lasts longer than this: it bounds the time windows the staffing queries scan. */
  EXPORTER_LONGEST_SHIFT_SECONDS: seconds(24 * 3600),
  /**
   * Counters read append-only tables by id. A row is folded into the settled total only once it has
   * been visible for this long, so a transaction that took a lower id and commits later is still
   * counted. Must exceed the longest transaction that inserts port-call events or cargo progress.
   */
  EXPORTER_COUNTER_SETTLE_SECONDS: z.coerce.number().min(0).default(60),
});

export type ExporterConfig = z.infer<typeof schema>;

export function loadExporterConfig(env: Env): ExporterConfig {
  return parseConfig(schema, { ...env, DATABASE_URL: readDatabaseUrl(env) });
}
