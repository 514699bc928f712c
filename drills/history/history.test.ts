import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHistory } from './build.ts';
import { activeKinds, incidents, placeIncidents, type Incident } from './incidents.ts';
import { momentAt } from './moment.ts';
import { startOnHistory } from './prometheus-on-history.ts';

const day = 86_400;
const rulesDir = resolve(import.meta.dirname, '../../stack/prometheus/rules');
const generatedAlerts = new Set(
  readdirSync(rulesDir).flatMap((f) =>
    [...readFileSync(join(rulesDir, f), 'utf8').matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1]),
  ),
);

describe('the incidents placed in the history', () => {
  const placed = placeIncidents(1_000_000);

  it('lie inside the 30 days, one of each kind, each meant for alerts the generated rules hold', () => {
    expect(new Set(placed.map((i) => i.kind)).size).toBe(placed.length);
    for (const i of placed) {
      expect(i.start).toBeGreaterThanOrEqual(1_000_000);
      expect(i.end).toBeLessThanOrEqual(1_000_000 + 30 * day);
      expect(i.alerts.length).toBeGreaterThan(0);
      for (const alert of [...i.alerts, ...(i.alsoFires ?? [])])
        expect(generatedAlerts, `${i.name}: ${alert}`).toContain(alert);
    }
  });

  it('are under way from their start up to (not including) their end, and bend the model there', () => {
    const outage = placed.find((i) => i.kind === 'api-outage');
    if (!outage) throw new Error('no outage placed');
    expect(activeKinds(placed, outage.start - 1).has('api-outage')).toBe(false);
    expect(activeKinds(placed, outage.start).has('api-outage')).toBe(true);
    expect(activeKinds(placed, outage.end).has('api-outage')).toBe(false);
    expect(momentAt(outage.start, placed).apiUp).toBe(false);
    const silence = placed.find((i) => i.kind === 'ais-silence');
    if (!silence) throw new Error('no AIS silence placed');
    // The newest position ages through the silence, past AisFeedSilent's 600 s.
    expect(momentAt(silence.start + 900, placed).newestPositionAgeS).toBeGreaterThan(600);
    expect(momentAt(silence.end, placed).newestPositionAgeS).toBeLessThan(10);
    expect(incidents.map((i) => i.name)).toEqual(placed.map((i) => i.name));
  });
});

describe('a one-hour history through promtool into Prometheus', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('answers what the model says, writes nothing but up 0 while the API is down, nothing at all for a lost node, and is kept when current', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porttrack-history-'));
    dirs.push(dir);
    const end = 1_800_000_000; // an hour boundary
    const start = end - 3600;
    const outage: Incident = {
      name: 'outage',
      kind: 'api-outage',
      startOffsetS: 20 * 60,
      durationS: 15 * 60,
      alerts: ['ApiDown'],
      detectWithinS: 180,
      what: 'test outage',
    };
    const nodeLost: Incident = { ...outage, name: 'node lost', kind: 'node-lost', alerts: ['NodeMissing'] };
    const history = {
      dir: join(dir, 'history'),
      days: 1 / 24,
      stepS: 15,
      end,
      incidents: [outage, nodeLost],
    };
    const built = await buildHistory(history);
    expect(built.reused).toBe(false);
    expect(built.samples).toBeGreaterThan(built.series * 200);
    const prometheus = await startOnHistory({
      historyDir: history.dir,
      manifest: built,
      runDir: join(dir, 'run'),
      port: 25190,
      evaluationS: 15,
    });
    try {
      const query = async (expr: string, at: number) => {
        const url = `${prometheus.url}/api/v1/query?${new URLSearchParams({ query: expr, time: String(at) })}`;
        const body = (await (await fetch(url)).json()) as { data: { result: { value: [number, string] }[] } };
        return body.data.result.map((r) => Number(r.value[1]));
      };
      expect(await query('up{job="porttrack-api"}', start + 30 * 60)).toEqual([0, 0]);
      expect(await query('count(http_request_duration_seconds_count)', start + 30 * 60)).toEqual([]);
      expect(await query('up{job="porttrack-api"}', start + 50 * 60)).toEqual([1, 1]);
      // The lost node's target is gone, not failing: no up 0, its series end (5 minutes' lookback).
      const nodes = `count(node_uname_info{nodename=~"node-[123]"})`;
      expect(await query(nodes, start + 15 * 60)).toEqual([3]);
      expect(await query(nodes, start + 30 * 60)).toEqual([2]);
      expect(await query('up{instance="10.0.1.47:9100"}', start + 30 * 60)).toEqual([]);
      expect(await query(nodes, start + 50 * 60)).toEqual([3]);
      const at = start + 55 * 60;
      let expected = 0;
      for (let t = at - 285; t <= at; t += 15) expected += momentAt(t, []).requestRate / 20;
      const [rate] = await query('sum(rate(http_request_duration_seconds_count[5m]))', at);
      expect(rate).toBeGreaterThan(expected * 0.95);
      expect(rate).toBeLessThan(expected * 1.05);
    } finally {
      await prometheus.stop();
    }
    const again = await buildHistory(history);
    expect(again.reused).toBe(true);
    expect(again.builtAt).toBe(built.builtAt);
  }, 120_000);
});
