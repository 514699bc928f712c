import pg from 'pg';
import { type StandbyPair, standbySlot, startStandbyPair } from '../../stack/scripts/standby-pair.ts';
import { type Ack, type Loss, lossOf } from './loss.ts';

/**
 * How a round ends: `async` and `sync` kill the primary with SIGKILL under the write load
 * (without and with synchronous_standby_names); `control`, the A/A control, stops the load and
 * waits until the standby has replayed everything first, so the method's own error shows.
 */
export type Mode = 'async' | 'sync' | 'control';

export interface RoundResult extends Loss {
  acked: number;
  /** promote-standby.sh from start to exit: it exits once a commit succeeds on the new primary. */
  promoteSeconds: number;
}

const writers = 4;
const pauseMs = 20;

/** One round on a fresh primary and standby of its own: load, loss, promotion, count. */
export async function standbyRound(mode: Mode, loadSeconds: number): Promise<RoundResult> {
  const pair = await startStandbyPair();
  try {
    await pair.primary.start();
    await pair.primary.query(
      'CREATE TABLE port_calls_log (id bigserial PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())',
    );
    await pair.standby.start();
    if (mode === 'sync') await synchronous(pair);
    const { acked, stop } = writeLoad(pair.primary.url);
    await sleep(loadSeconds * 1000);
    if (mode === 'control') {
      await stop();
      await caughtUp(pair);
    }
    const lostAtMs = Date.now();
    await pair.primary.kill9();
    await stop();

    const started = performance.now();
    const promoted = await pair.promote();
    const promoteSeconds = (performance.now() - started) / 1000;
    if (promoted.code !== 0)
      throw new Error(`promote-standby.sh failed (exit ${promoted.code}): ${promoted.stderr}`);
    const rows = await pair.standby.query<{ id: string }>('SELECT id FROM port_calls_log');
    const recovered = new Set(rows.map((r) => Number(r.id)));
    return { ...lossOf(acked, recovered, lostAtMs), acked: acked.length, promoteSeconds };
  } finally {
    await pair.dispose();
  }
}

/** The documented switch, then until the primary reports its standby as synchronous. */
async function synchronous(pair: StandbyPair): Promise<void> {
  await pair.synchronous(true);
  for (let i = 0; i < 100; i++) {
    const rows = await pair.primary.query<{ s: string }>(
      'SELECT sync_state AS s FROM pg_stat_replication WHERE application_name = $1',
      [standbySlot],
    );
    if (rows[0]?.s === 'sync') return;
    await sleep(100);
  }
  throw new Error('the standby never became synchronous');
}

/** Until the standby has replayed all the WAL the primary has written. */
async function caughtUp(pair: StandbyPair): Promise<void> {
  const [{ lsn } = { lsn: '' }] = await pair.primary.query<{ lsn: string }>(
    'SELECT pg_current_wal_lsn()::text AS lsn',
  );
  for (let i = 0; i < 200; i++) {
    const [row] = await pair.standby.query<{ done: boolean }>(
      'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
      [lsn],
    );
    if (row?.done) return;
    await sleep(50);
  }
  throw new Error(`the standby did not replay up to ${lsn} within 10 s`);
}

/**
 * Writers inserting one row at a time, each acknowledged write logged with its id and time.
 * A write that fails (the primary is gone) ends its writer: it was never acknowledged.
 */
function writeLoad(url: string): { acked: Ack[]; stop: () => Promise<void> } {
  const acked: Ack[] = [];
  const pool = new pg.Pool({ connectionString: url, max: writers });
  pool.on('error', () => {}); // idle clients of a killed server
  let running = true;
  const loops = Array.from({ length: writers }, async () => {
    while (running) {
      try {
        const { rows } = await pool.query<{ id: string }>(
          'INSERT INTO port_calls_log DEFAULT VALUES RETURNING id',
        );
        acked.push({ id: Number(rows[0]!.id), ackedAtMs: Date.now() });
      } catch {
        return;
      }
      await sleep(pauseMs);
    }
  });
  return {
    acked,
    async stop() {
      running = false;
      await Promise.all(loops);
      await pool.end().catch(() => {});
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
