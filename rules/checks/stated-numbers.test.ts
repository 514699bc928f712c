import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../lib/validation.ts';
import { realModel, type RulesModel } from './model.ts';
import { statedNumbers, statedNumbersCheck } from './stated-numbers.ts';

const real = realModel();
const run = async (model: RulesModel) => (await statedNumbersCheck(model).run()).map(formatProblem);

describe('numbers runbooks state', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stated-numbers-'));
    await cp(join(real.root, 'runbooks'), join(root, 'runbooks'), { recursive: true });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const plant = async (alert: string, from: string, to: string) => {
    const path = join(root, 'runbooks/alerts', `${alert}.md`);
    const text = await readFile(path, 'utf8');
    expect(text).toContain(from);
    await writeFile(path, text.replace(from, to));
    return () => writeFile(path, text);
  };

  it('agree with the rules on the real tree', async () => {
    expect(await run(real)).toEqual([]);
  });

  it('fail when a runbook states a threshold the rule does not have', async () => {
    const undo = await plant('ApiHighErrorRate', '<!-- api.errorRatio -->5%', '<!-- api.errorRatio -->6%');
    expect(await run({ ...real, root })).toEqual([
      'runbooks/alerts/ApiHighErrorRate.md [ApiHighErrorRate]: "<!-- api.errorRatio -->6%" states 6% but api.errorRatio is 0.05',
    ]);
    await undo();
  });

  it('fail when a runbook states another for: than the rule', async () => {
    const undo = await plant(
      'ApiHighErrorRate',
      '<!-- api.errorFor -->2 minutes',
      '<!-- api.errorFor -->3 minutes',
    );
    expect(await run({ ...real, root })).toEqual([
      'runbooks/alerts/ApiHighErrorRate.md [ApiHighErrorRate]: "<!-- api.errorFor -->3 minutes" states 3 minutes but api.errorFor is "2m"',
    ]);
    await undo();
  });

  it('fail when the rule moves and the runbook does not (the mark no longer covers its for:)', async () => {
    const files = real.files.map((file) => ({
      ...file,
      alerts: file.alerts.map((a) => (a.name === 'ApiHighErrorRate' ? { ...a, for: '3m' as const } : a)),
    }));
    expect(await run({ ...real, files })).toEqual([
      'runbooks/alerts/ApiHighErrorRate.md [ApiHighErrorRate]: its for: 3m is not stated with a marker (e.g. <!-- domain.somethingFor -->N minutes)',
    ]);
  });

  it('fail when a mark names no vocabulary entry', async () => {
    const undo = await plant('ApiDown', '<!-- api.downFor -->', '<!-- api.downForr -->');
    const problems = await run({ ...real, root });
    expect(problems).toContain(
      'runbooks/alerts/ApiDown.md [ApiDown]: "<!-- api.downForr -->1 minute" names api.downForr, which lib/monitoring/thresholds.ts does not have',
    );
    await undo();
  });

  it('fail when a mark starts a line (Markdown would read it as an HTML block)', async () => {
    const undo = await plant('ApiHighErrorRate', ' <!-- api.errorFor -->', '\n<!-- api.errorFor -->');
    expect(await run({ ...real, root })).toEqual([
      'runbooks/alerts/ApiHighErrorRate.md [ApiHighErrorRate]: "<!-- api.errorFor -->2 minutes" starts a line, which Markdown reads as an HTML block: move a word before it',
    ]);
    await undo();
  });

  it('read percentages, durations in words, seconds entries and bare factors', () => {
    const problems = (text: string) => statedNumbers(text).map((s) => s.problem);
    expect(
      problems(
        'at <!-- api.errorRatio -->5% <!-- api.errorFor -->2\nminutes <!-- business.anchorageWaitSeconds -->6 hours <!-- slo.page.windows.0.factor -->14.4x <!-- publicEndpoint.certificateDays -->14 days',
      ),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(
      problems('at <!-- business.anchorageWaitSeconds -->5 hours <!-- api.errorRatio -->2 minutes'),
    ).toEqual([
      'states 5 hours but business.anchorageWaitSeconds is 21600',
      'states a duration but api.errorRatio (0.05) is not one',
    ]);
  });
});
