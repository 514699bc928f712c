import pg from 'pg';
import { type Ack, lossAfterRecovery } from '../../stack/scripts/acknowledged-writes.ts';
import { type StandbyPair, standbySlot, startStandbyPair } from '../../stack/scripts/standby-pair.ts';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How a round ends: `async` and `sync` kill the primary with SIGKILL under the write load
 * (without and with synchronous_standby_names); `control`, the A/A control, stops the load and
 * waits until the standby has replayed everything first, so the method's own error shows.
 */
export type Mode = 'async' | 'sync' | 'control';

export interface StandbyRound {
  acknowledged: number;
  missing: number;
  /** Seconds between the last acknowledged write recovered and the instant of loss. */
  lostSeconds: number;
  /** promote-standby.sh from start to exit: it exits once a commit succeeds on the new primary. */
  promoteSeconds: number;
}

/** The client's pause between one acknowledged write and the next (one connection, one INSERT at a time). */
export const pauseMs = 5;

/** One round on a fresh primary and standby of its own: load, loss, promotion, judgement. */
export async function standbyRound(mode: Mode, loadSeconds: number): Promise<StandbyRound> {
  const pair = await startStandbyPair();
  try {
    await pair.primary.start();
    await pair.primary.query(
      'CREATE TABLE durability_writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())',
    );
    await pair.standby.start();
    if (mode === 'sync') await synchronous(pair);
    const load = writeLoad(pair.primary.url);
    await sleep(loadSeconds * 1000);
    if (mode === 'control') {
      await load.stop();
      await caughtUp(pair);
    }
    const lostAt = Date.now();
    await pair.primary.kill9();
    await load.stop();

    const started = performance.now();
    const promoted = await pair.promote();
    const promoteSeconds = (performance.now() - started) / 1000;
    if (promoted.code !== 0)
      throw new Error(`promote-standby.sh failed (exit ${promoted.code}): ${promoted.stderr}`);
    const rows = await pair.standby.query<{ id: string }>('SELECT id FROM durability_writes');
    const loss = lossAfterRecovery(load.acked, new Set(rows.map((r) => Number(r.id))), lostAt);
    if (!loss.keptIsPrefix)
      throw new Error('the promoted standby has a write acknowledged after one it lacks');
    return {
      acknowledged: load.acked.length,
      missing: loss.missing,
      lostSeconds: loss.lostSeconds,
      promoteSeconds,
    };
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
 * One client inserting a row at a time, every acknowledged write logged with its id and when its
 * commit returned, until stopped or until a write fails (the primary is gone: never acknowledged).
 * One at a time, so the acknowledgements are in commit order and a loss must be a suffix.
 */
function writeLoad(url: string): { acked: Ack[]; stop: () => Promise<void> } {
  const acked: Ack[] = [];
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // the server killed under it
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      try {
        const { rows } = await client.query<{ id: string }>(
          'INSERT INTO durability_writes DEFAULT VALUES RETURNING id',
        );
        acked.push({ id: Number(rows[0]!.id), ackedAt: Date.now() });
      } catch {
        return;
      }
      await sleep(pauseMs);
    }
  })();
  return {
    acked,
    async stop() {
      running = false;
      await loop;
      await client.end().catch(() => {});
    },
  };
}
