// A standby copied from a primary that was restored to a moment (restore.sh --to MOMENT):
// pgBackRest leaves recovery_target_time and recovery_target_action in the restored primary's
// postgresql.auto.conf, and pg_basebackup copies that file. standby-setup.sh must drop them, or
// the new standby stops following at that past moment and promotes itself (the Swarm test's
// rebuild after its restore to a moment, 2026-12-07 14:14 UTC: the row written on the primary
// never reached the standby). Here the primary carries the lines pgBackRest writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../lib/testing/wait.ts';
import { type StandbyPair, startStandbyPair } from './standby-pair.ts';

describe('standby-setup.sh after a restore to a moment', () => {
  let pair: StandbyPair;

  beforeAll(async () => {
    pair = await startStandbyPair();
    await pair.primary.start();
    await pair.primary.query('CREATE TABLE restored_log (id bigserial PRIMARY KEY)');
    // What restore.sh --to '2026-01-01 00:00:00+00' leaves behind (ignored by a primary).
    await pair.primary.query("ALTER SYSTEM SET recovery_target_time = '2026-01-01 00:00:00+00'");
    await pair.primary.query("ALTER SYSTEM SET recovery_target_action = 'promote'");
    await pair.standby.start();
  }, 120_000);
  afterAll(async () => {
    await pair?.dispose();
  });

  it('copies the primary without its recovery target: the standby keeps following it', async () => {
    const [target] = await pair.standby.query<{ setting: string }>(
      "SELECT setting FROM pg_settings WHERE name = 'recovery_target_time'",
    );
    expect(target?.setting).toBe('');
    for (let i = 0; i < 5; i++) await pair.primary.query('INSERT INTO restored_log DEFAULT VALUES');
    await waitFor(
      async () =>
        Number((await pair.standby.query<{ n: string }>('SELECT count(*) AS n FROM restored_log'))[0]?.n) === 5 ||
        undefined,
      'the standby replaying the writes made after the copy',
      20_000,
      100,
    );
    const [state] = await pair.standby.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    expect(state?.standby).toBe(true);
  }, 60_000);
});
