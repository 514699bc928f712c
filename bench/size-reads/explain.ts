import pg from 'pg';
import { findVessel, listVessels } from '../../api/domain/vessels/store.ts';
import type { VesselQuery } from '../../api/domain/vessels/schemas.ts';
import type { Queryable } from '../../api/platform/db.ts';
import { createCollectors } from '../../exporters/collectors.ts';
import { loadExporterConfig } from '../../exporters/config.ts';

/** One statement's plan as PostgreSQL ran it (EXPLAIN ANALYZE, BUFFERS). */
export interface ExplainedQuery {
  /** `api <operation>` or `exporter <collector> #n`. */
  name: string;
  sql: string;
  execution_ms: number;
  /** Tables read by a sequential scan (the first thing to look at when a read grows with history). */
  seq_scans: string[];
  plan: string;
}

/**
 * Runs the real code's queries against `url` and keeps each one's plan: the API's vessel reads
 * (the store functions the routes call, through a Queryable that explains before it answers) and
 * every exporter collector's refresh at start-up and once settled (through a client that does the same), in a read-only
 * transaction, as the exporters run theirs. The code under test issues its own SQL, so a change
 * to a query is measured as it ships.
 */
export async function explainReads(url: string, vesselId: number): Promise<ExplainedQuery[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: ExplainedQuery[] = [];
  const explain = async (name: string, sql: string, params: unknown[] = []) => {
    // SET and the like run as they are; only reads have a plan.
    if (!/^\s*(SELECT|WITH)\b/i.test(sql)) return;
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`,
      params,
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    out.push({
      name,
      sql: sql.replace(/\s+/g, ' ').trim(),
      execution_ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
      seq_scans: [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1] as string))],
      plan,
    });
  };
  try {
    await client.query('BEGIN READ ONLY');
    const api: Queryable = {
      async query(operation, sql, params) {
        await explain(`api ${operation}`, sql, params);
        return (await client.query(sql, params)).rows;
      },
    };
    await listVessels(api, { limit: 50, offset: 0 } as VesselQuery);
    await findVessel(api, vesselId);
    // A collector's first refresh after start-up recounts its running totals from the whole table
    // (exporters/core/incremental-total.ts), and so does the next one, until a read has settled; from
    // the third on (settle window 0 here), each reads only the rows added since: what every scrape
    // costs. The first and the third are explained.
    const config = loadExporterConfig({ DATABASE_URL: url, EXPORTER_COUNTER_SETTLE_SECONDS: '0' });
    for (const collector of createCollectors(config)) {
      for (const pass of ['start-up', undefined, 'steady']) {
        let n = 0;
        const explaining = {
          query: async (sql: string, params?: unknown[]) => {
            n += 1;
            if (pass) await explain(`exporter ${collector.name} #${n} (${pass})`, sql, params);
            return client.query(sql, params);
          },
        } as unknown as pg.PoolClient;
        await collector.refresh(explaining);
      }
    }
    return out;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}
