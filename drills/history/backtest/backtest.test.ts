import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRuleFiles } from '../../../local-platform/rules-and-routing.ts';
import type { RuleFile } from '../../../local-platform/prometheus.ts';
import { buildHistory } from '../build.ts';
import { incidents, type Incident } from '../incidents.ts';
import { runBacktest } from './run-backtest.ts';

// Four hours of history with one AIS silence an hour in, replayed with the generated rules: the
// backtest must catch it, flag a planted noisy rule with its hour, and miss the silence once its
// alert is deafened. Ports from the backtest's own range (23000-23999).
const hour = 3600;
const silence = incidents.find((i) => i.kind === 'ais-silence');
if (!silence) throw new Error('no AIS silence in incidents.ts');
const planted: Incident = { ...silence, startOffsetS: 1 * hour };
const end = Math.floor(Date.now() / 1000 / hour) * hour - 24 * hour;
const noisyAt = end - hour;

const generated = localRuleFiles('http://127.0.0.1/runbooks');
const noisyRule: RuleFile = {
  name: 'planted.rules.yml',
  content: `groups:\n  - name: planted\n    rules:\n      - alert: PlantedNoise\n        expr: max(up{job="porttrack-api"}) > 0 and on() vector(time()) >= ${noisyAt}\n        for: 5m\n`,
};
// The generated rules with AisFeedSilent's expression made unsatisfiable.
const deafened: RuleFile[] = generated.map((f) => ({
  ...f,
  content: f.content.replace(/(- alert: AisFeedSilent\n\s+expr: )(.*)/, '$1($2) and on() vector(0) > 1'),
}));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'backtest-'));
  await buildHistory({ dir: join(dir, 'history'), days: 4 / 24, stepS: 60, end, incidents: [planted] });
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const backtest = (ruleFiles: RuleFile[], port: number) =>
  runBacktest({ historyDir: join(dir, 'history'), runDir: join(dir, `run-${port}`), port, ruleFiles });

describe('the backtest on a short history', () => {
  it('catches the planted incident within its bound and names a planted noisy alert and its hour', async () => {
    const { verdict } = await backtest([...generated, noisyRule], 23190);
    expect(verdict.detections).toEqual([
      expect.objectContaining({
        incident: 'ais-silence',
        caughtBy: expect.objectContaining({ alert: 'AisFeedSilent' }),
      }),
    ]);
    expect(verdict.missedIncidents).toEqual([]);
    expect(verdict.falseFirings.map((f) => [f.alert, f.start])).toEqual([['PlantedNoise', noisyAt + 300]]);
  }, 120_000);

  it('reports the incident missed when its alert is deafened', async () => {
    expect(deafened.some((f, i) => f.content !== generated[i]?.content)).toBe(true);
    const { verdict } = await backtest(deafened, 23191);
    expect(verdict.missedIncidents).toEqual(['ais-silence']);
    expect(verdict.falseFirings).toEqual([]);
  }, 120_000);
});
