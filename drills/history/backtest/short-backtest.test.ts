import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRuleFiles } from '../../../local-platform/rules-and-routing.ts';
import type { RuleFile } from '../../../local-platform/prometheus.ts';
import { formatProblem } from '../../../lib/validation.ts';
import { shortDay, shortDayStart } from '../short-day.ts';
import { backtestShortDay, buildShortDay, shortBacktestCheck } from './short-backtest.ts';

// `npm run validate`'s backtest step on the short day (built once here, then reused): it passes on
// the generated rules, and fails naming the alert and the hour on a planted noisy rule and on a
// deafened alert. Ports from 22190 (VALIDATE_BACKTEST_PORT's range).
const hour = 3600;
const generated = localRuleFiles('http://127.0.0.1/runbooks');
// Fires from 12:05 to 12:30 UTC on the short day (in the middle of the understaffed shift, an
// incident that does not name it), on data the history has.
const noisyFrom = shortDayStart + 12 * hour;
const noisyRule: RuleFile = {
  name: 'planted.rules.yml',
  content: `groups:\n  - name: planted\n    rules:\n      - alert: PlantedNoise\n        expr: max(up{job="porttrack-api"}) > 0 and on() vector(time()) >= ${noisyFrom} and on() vector(time()) < ${noisyFrom + hour / 2}\n        for: 5m\n`,
};
/** The generated rules with `alert`'s `expr:` and `for:` lines rewritten by `change`. */
const withAlert = (alert: string, change: (lines: string) => string): RuleFile[] =>
  generated.map((f) => ({
    ...f,
    content: f.content.replace(new RegExp(`(?<=- alert: ${alert}\\n)\\s+expr: .*\\n\\s+for: .*`), change),
  }));
/** `alert` made deaf: its expression can never hold. */
const deafened = (alert: string) =>
  withAlert(alert, (l) => l.replace(/expr: (.*)/, 'expr: ($1) and on() vector(0) > 1'));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'short-backtest-'));
  await buildShortDay(dir);
}, 180_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const validate = async (port: number, ruleFiles?: RuleFile[]) =>
  (await shortBacktestCheck({ port, dir, ...(ruleFiles ? { ruleFiles } : {}) }).run()).map(formatProblem);

describe("validate's backtest on the short day", () => {
  it('passes on the generated rules: each placed incident caught within its bound, nothing else fires', async () => {
    expect(await validate(22190)).toEqual([]);
    // What it judged: every incident placed, each caught by one of its own alerts.
    const { verdict, history } = await backtestShortDay({ dir, port: 22191 });
    expect(history.incidents.map((i) => i.name)).toEqual(shortDay().incidents.map((i) => i.name));
    for (const d of verdict.detections) expect(d.alerts).toContain(d.caughtBy?.alert);
  }, 180_000);

  it('fails on a planted noisy rule, naming the alert, its file and the hour', async () => {
    expect(await validate(22192, [...generated, noisyRule])).toEqual([
      'stack/prometheus/rules/planted.rules.yml [PlantedNoise]: PlantedNoise fired at 2026-01-14T12:05Z (hour 12h UTC) not explained by any incident (outside them, or an alert none names), until 2026-01-14T12:30Z {}',
    ]);
  }, 180_000);

  it('fails on a deafened alert, naming the incident it misses, the alert and the hour', async () => {
    const rules = deafened('AisFeedSilent');
    expect(rules.filter((f, i) => f.content !== generated[i]?.content)).toHaveLength(1);
    expect(await validate(22193, rules)).toEqual([
      'drills/history/incidents.ts [ais-silence: AisFeedSilent]: incident ais-silence (began 2026-01-14T05:35Z, hour 05h UTC) not caught within 15 min by AisFeedSilent: none of them fired',
    ]);
  }, 180_000);

  it('fails on an alert that now catches its incident too late, saying how late', async () => {
    const rules = withAlert('ShiftUnderstaffed', (l) => l.replace('for: 15m', 'for: 30m'));
    expect(rules.filter((f, i) => f.content !== generated[i]?.content)).toHaveLength(1);
    expect(await validate(22194, rules)).toEqual([
      'drills/history/incidents.ts [understaffed-shift: ShiftUnderstaffed]: incident understaffed-shift (began 2026-01-14T10:25Z, hour 10h UTC) not caught within 20 min by ShiftUnderstaffed: ShiftUnderstaffed fired only after 30 min',
    ]);
  }, 180_000);
});
