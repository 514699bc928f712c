// The streaming standby end to end, on a primary and standby of the test's own (standby-pair.ts):
// standby-setup.sh copies the primary through a replication slot and starts the server as a
// standby, writes on the primary show up on it, a restart resumes from the slot, the synchronous
// switch makes writes wait for it; then the primary is killed with SIGKILL and
// promote-standby.sh promotes the standby, which then accepts writes and keeps every write the
// primary acknowledged. The refusals (not a standby, old primary alive) change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresExporter } from '../../local-platform/database-exporters.ts';
import { exporterBinary } from '../../local-platform/exporter-binaries.ts';
import { freePortInRange } from './own-postgres.ts';
import { type StandbyPair, standbySlot, startStandbyPair } from './standby-pair.ts';
import { waitFor } from '../../lib/testing/wait.ts';

const log = (line: string) => process.stdout.write(`[standby] ${line}\n`);

describe('streaming standby: standby-setup.sh and promote-standby.sh', () => {
  let pair: StandbyPair;
  const acked: number[] = [];
  const write = async (what: string) => {
    const [row] = await pair.primary.query<{ id: string }>('INSERT INTO port_calls_log (what) VALUES ($1) RETURNING id', [what]);
    acked.push(Number(row!.id));
  };
  const idsOn = async (server: StandbyPair['standby']) =>
    (await server.query<{ id: string }>('SELECT id FROM port_calls_log ORDER BY id')).map((r) => Number(r.id));
  const caughtUp = () =>
    waitFor(
      async () => (await idsOn(pair.standby)).length === acked.length,
      'the standby replaying every acknowledged write',
      20_000,
      100,
    );

  beforeAll(async () => {
    pair = await startStandbyPair();
    await pair.primary.start();
    await pair.primary.query('CREATE TABLE port_calls_log (id bigserial PRIMARY KEY, what text NOT NULL)');
    for (let i = 0; i < 10; i++) await write('before the standby existed');
    await pair.standby.start();
    log(`primary on ${pair.primary.port}, standby on ${pair.standby.port} (${pair.dir})`);
  }, 120_000);
  afterAll(async () => {
    await pair?.dispose();
  });

  it('copies the primary through its own slot and streams every write', async () => {
    expect(pair.standby.log()).toContain(`copying the primary 127.0.0.1:${pair.primary.port}`);
    for (let i = 0; i < 10; i++) await write('streamed');
    await caughtUp();
    expect(await idsOn(pair.standby)).toEqual(acked);
    const [slot] = await pair.primary.query<{ active: boolean }>(
      'SELECT active FROM pg_replication_slots WHERE slot_name = $1 AND slot_type = $2',
      [standbySlot, 'physical'],
    );
    expect(slot?.active).toBe(true);
    const senders = await pair.primary.query<{ application_name: string; state: string }>(
      'SELECT application_name, state FROM pg_stat_replication',
    );
    expect(senders).toEqual([{ application_name: standbySlot, state: 'streaming' }]);
    await expect(pair.standby.query('INSERT INTO port_calls_log (what) VALUES ($1)', ['on the standby'])).rejects.toThrow(
      /read-only transaction/,
    );
  }, 60_000);

  it("serves the standby alerts' series through the real postgres-exporter on the monitor login", async () => {
    // PostgresReplicationLagHigh and PostgresStandbyMissing (rules/durability.ts) read these.
    const binary = exporterBinary('postgres');
    if (!binary) throw new Error('prometheus-postgres-exporter is not installed: run scripts/ensure-tools.sh');
    const port = await freePortInRange(23000, 1000);
    const exporter = await startPostgresExporter({ adminUrl: pair.primary.url, dir: pair.dir, port, binary });
    try {
      const metrics = await (await fetch(`http://127.0.0.1:${exporter.port}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`^pg_stat_replication_pg_wal_lsn_diff\\{[^}]*application_name="${standbySlot}"[^}]*\\} \\d`, 'm'),
      );
      expect(metrics).toMatch(new RegExp(`^pg_replication_slots_active\\{[^}]*slot_name="${standbySlot}"[^}]*\\} 1$`, 'm'));
    } finally {
      await exporter.stop();
    }
  }, 60_000);

  it('resumes from the slot after a restart, without copying again', async () => {
    await pair.standby.kill9();
    for (let i = 0; i < 5; i++) await write('while the standby was down');
    await pair.standby.start();
    expect(pair.standby.log()).toContain('is a standby already: resuming streaming from slot standby');
    expect(pair.standby.log()).not.toContain('copying the primary');
    await caughtUp();
    expect(await idsOn(pair.standby)).toEqual(acked);
  }, 60_000);

  it('with synchronous_standby_names, a commit waits while the standby is gone', async () => {
    await pair.synchronous(true);
    await write('synchronous, standby present');
    await pair.standby.kill9();
    let committed = false;
    const pending = write('synchronous, standby gone').then(() => (committed = true));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(committed).toBe(false); // the cost of RPO 0: writes block without the standby
    await pair.standby.start();
    await pending;
    expect(committed).toBe(true);
    await pair.synchronous(false);
    await caughtUp();
  }, 60_000);

  it('refuses to promote while the old primary answers, or a server that is not a standby', async () => {
    const nobody = `host=127.0.0.1 port=${await freePortInRange(23000, 1000)}`;
    const cases: Array<[string[], string]> = [
      [[], `the old primary (${pair.primary.conninfo}) still answers`],
      [['--old-primary', nobody], 'the standby is still streaming from 127.0.0.1'],
      [['--standby', pair.primary.conninfo], 'is not a standby (pg_is_in_recovery() is false)'],
      [['--dry-run'], '--dry-run prints the Swarm commands: give --swarm STACK'],
      [['--swarm', 'Bad Name'], '--swarm needs the stack'],
      [['--bogus'], "unknown argument '--bogus'"],
    ];
    for (const [args, message] of cases) {
      const result = await pair.promote(args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 2,
        stderr: expect.stringContaining(message),
      });
    }
    const [row] = await pair.standby.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    expect(row?.r).toBe(true); // still a standby
  }, 60_000);

  it('after the primary is killed, --dry-run prints the Swarm switch and changes nothing', async () => {
    for (let i = 0; i < 10; i++) await write('acknowledged before the loss');
    await caughtUp();
    await pair.primary.kill9();
    const dry = await pair.promote(['--swarm', 'porttrack', '--dry-run']);
    expect(dry.stderr).toContain('does not answer: promoting');
    expect(dry.code).toBe(0);
    expect(dry.stdout.trim().split('\n')).toEqual([
      'docker service scale --detach porttrack_postgres=0',
      ...['api', 'api-blue', 'api-green', 'notifier', 'exporters'].map(
        (s) => `docker service update --detach --env-add PORTTRACK_DATABASE_HOST=postgres-standby porttrack_${s}`,
      ),
      'docker service update --detach --env-add DATA_SOURCE_URI=postgres-standby:5432/porttrack\\?sslmode=disable porttrack_postgres-exporter',
      'docker service update --detach --env-add PGHOST=postgres-standby' +
        ' --mount-rm /var/lib/postgresql/data --mount-add type=volume\\,source=porttrack_postgres-standby-data\\,target=/var/lib/postgresql/data' +
        ' --mount-rm /var/run/postgresql --mount-add type=volume\\,source=porttrack_postgres-standby-socket\\,target=/var/run/postgresql' +
        " --constraint-rm node.labels.porttrack.db\\ ==\\ true --constraint-add node.labels.porttrack.db-standby\\ ==\\ true porttrack_backup",
    ]);
    const [row] = await pair.standby.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    expect(row?.r).toBe(true);
  }, 60_000);

  it('promotes the standby: it accepts writes and has every write the primary acknowledged', async () => {
    const promoted = await pair.promote();
    log(promoted.stderr.trim());
    expect(promoted.stderr).toMatch(/promoted: .* accepts writes \(\d+\.\d s after the command\)/);
    expect(promoted.code).toBe(0);
    expect(await idsOn(pair.standby)).toEqual(acked);
    const [row] = await pair.standby.query<{ id: string }>("INSERT INTO port_calls_log (what) VALUES ('on the new primary') RETURNING id");
    expect(Number(row!.id)).toBeGreaterThan(acked.at(-1)!);

    const again = await pair.promote();
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not a standby');
    // A restart of the promoted copy starts it as the primary, never as a new copy of the old one.
    await pair.standby.kill9();
    await pair.standby.start();
    expect(pair.standby.log()).toContain('it was promoted and is a primary now');
    expect((await idsOn(pair.standby)).length).toBe(acked.length + 1);
  }, 90_000);
});
