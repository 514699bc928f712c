import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileSilences } from '../../lib/alertmanager/reconcile-silences.ts';
import { jsonWithHeader, repoRoot } from '../../lib/generated.ts';
import { type DeployedSilence, silencesAsCodeAuthor } from '../../lib/monitoring/silences.ts';
import { type RunningAlertmanager, startAlertmanager } from '../../local-platform/alertmanager.ts';
import { deployedSilence } from '../../rules/silences/render.ts';

const config = 'route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n';
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
const declare = (name: string, alertname: string, endsAt = inDays(2)): DeployedSilence =>
  deployedSilence({
    name,
    matchers: [{ name: 'alertname', op: '=', value: alertname }],
    owner: 'ana.ruiz',
    reason: `${name} maintenance`,
    ticket: 'OPS-1',
    endsAt,
  });

/** silences.json as generated (the header field included). */
const deployed = (silences: DeployedSilence[]) => jsonWithHeader('a test', { silences });

interface Listed {
  id: string;
  createdBy: string;
  comment: string;
  endsAt: string;
  matchers: Array<{ name: string; value: string }>;
  status: { state: string };
}
const active = async (am: RunningAlertmanager) =>
  ((await (await fetch(`${am.url}/api/v2/silences`)).json()) as Listed[]).filter(
    (s) => s.status.state !== 'expired',
  );
const ours = async (am: RunningAlertmanager) =>
  (await active(am))
    .filter((s) => s.createdBy === silencesAsCodeAuthor)
    .map((s) => s.comment.split(' ')[0])
    .sort();

/** The deploy step as deploy.sh runs it: the entry point, silences.json on stdin. */
function cli(url: string, stdin: string, env: Record<string, string> = { GATE_MONITORING_PASSWORD: 'x' }) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'synthetics/gate/reconcile-silences.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ALERTMANAGER_URL: url, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

describe('silences as code, reconciled into a real Alertmanager', () => {
  const dirs: string[] = [];
  let am: RunningAlertmanager;
  let personal: string;
  const berth = declare('berth-swap', 'BerthOccupancyHigh');
  const cargo = declare('cargo-audit', 'CargoOperationStalled');

  beforeAll(async () => {
    dirs.push(await mkdtemp(join(tmpdir(), 'porttrack-silences-')));
    am = await startAlertmanager({ dir: dirs[0]!, config });
    // A person's own silence, made in the UI: the reconciler must never touch it.
    const res = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'BerthOccupancyHigh', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: inDays(1),
        createdBy: 'marta',
        comment: 'crane inspection',
      }),
    });
    personal = ((await res.json()) as { silenceID: string }).silenceID;
  });
  afterAll(async () => {
    await am?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('creates the declared silences through the deploy step, then changes nothing on a second run', async () => {
    const first = await cli(am.url, deployed([berth, cargo]));
    expect(first.out).toContain('silences: created berth-swap, cargo-audit (0 unchanged, 2 declared)');
    expect(first.code).toBe(0);
    const second = await cli(am.url, deployed([berth, cargo]));
    expect(second.out).toContain('silences: nothing to change (2 unchanged, 2 declared)');
    expect(await ours(am)).toEqual(['[silence:berth-swap]', '[silence:cargo-audit]']);
  });

  it('mutes the alerts it names', async () => {
    await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'CargoOperationStalled', operation: '7' } }]),
    });
    const cargoSilence = (await active(am)).find((s) => s.comment.startsWith('[silence:cargo-audit]'))!;
    let alert: { status: { state: string; silencedBy: string[] } } | undefined;
    for (let i = 0; i < 50 && alert?.status.state !== 'suppressed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [alert] = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as (typeof alert)[];
    }
    expect(alert?.status).toMatchObject({ state: 'suppressed', silencedBy: [cargoSilence.id] });
  });

  it('updates a changed silence and expires one no longer declared, leaving a person’s silence alone', async () => {
    const later = { ...berth, endsAt: inDays(5) };
    expect(await reconcileSilences({ url: am.url }, [later])).toEqual({
      created: [],
      updated: ['berth-swap'],
      expired: ['cargo-audit'],
      unchanged: [],
      ended: [],
    });
    const now = await active(am);
    expect(now.filter((s) => s.createdBy === silencesAsCodeAuthor).map((s) => Date.parse(s.endsAt))).toEqual([
      Date.parse(later.endsAt),
    ]);
    expect(now.find((s) => s.id === personal)?.comment).toBe('crane inspection');
  });

  it('keeps them across an Alertmanager restart on its volume, and restores them on a new one', async () => {
    await am.stop();
    am = await startAlertmanager({ dir: dirs[0]!, config, port: am.port });
    expect(await ours(am)).toEqual(['[silence:berth-swap]']);
    expect((await reconcileSilences({ url: am.url }, [berth])).updated).toEqual(['berth-swap']);

    // A redeploy that lost the volume: the next deploy puts the declared silences back.
    dirs.push(await mkdtemp(join(tmpdir(), 'porttrack-silences-')));
    const fresh = await startAlertmanager({ dir: dirs[1]!, config });
    try {
      expect((await reconcileSilences({ url: fresh.url }, [berth])).created).toEqual(['berth-swap']);
      expect(await ours(fresh)).toEqual(['[silence:berth-swap]']);
    } finally {
      await fresh.stop();
    }
  });

  it('leaves a declared silence that has ended, and refuses bad input and a missing password clearly', async () => {
    const ended = declare('old-work', 'BerthOccupancyHigh', new Date(Date.now() - 60_000).toISOString());
    expect((await reconcileSilences({ url: am.url }, [berth, ended])).ended).toEqual(['old-work']);
    const bad = await cli(am.url, deployed([{ ...berth, matchers: [] }]));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('silences: invalid configuration');
    expect(bad.out).toContain('silences.json silences.0.matchers');
    const noPassword = await cli(am.url, deployed([]), {});
    expect(noPassword.code).toBe(1);
    expect(noPassword.out).toContain('GATE_MONITORING_PASSWORD: required');
  });
});
