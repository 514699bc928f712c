import { diffByKey } from './field-diff.ts';
import { code, focus, names, shorten, table } from './markdown.ts';
import { caseChanges, type CaseChanges } from './promtool-cases.ts';
import { type Alert, pairs, type RecordingRule, type RuleSet } from './rules-model.ts';

/** The fields of an alert a reviewer compares, in the order they read them. */
const alertFields: Array<[string, (a: Alert) => string]> = [
  ['expression', (a) => a.expr],
  ['for', (a) => a.for],
  ['severity', (a) => a.severity],
  ['labels', (a) => pairs(a.labels)],
  ['summary', (a) => a.summary],
  ['description', (a) => a.description],
  ['runbook', (a) => a.runbook],
  ['annotations', (a) => a.other],
];

/** One table row per changed field, the alert named on its first row only. */
function changedRows(name: string, rows: Array<[string, string, string]>): string[][] {
  return rows.map(([field, before, after], i) => {
    const [b, a] = focus(before, after);
    return [i === 0 ? code(name) : '', field, code(b), code(a)];
  });
}

function casesLine(alert: string, c: CaseChanges): string[] {
  const parts = [
    c.changed.length ? `changed ${names(c.changed)}` : '',
    c.added.length ? `added ${names(c.added)}` : '',
    c.removed.length ? `removed ${names(c.removed)}` : '',
  ].filter(Boolean);
  return parts.length ? [`- promtool cases of ${code(alert)}: ${parts.join('; ')}.`] : [];
}

export function alertsSection(
  before: RuleSet,
  after: RuleSet,
  casesBefore: ReadonlyMap<string, ReadonlyMap<string, string>>,
  casesAfter: ReadonlyMap<string, ReadonlyMap<string, string>>,
): string[] {
  const diff = diffByKey(before.alerts, after.alerts);
  const lines: string[] = [];
  if (diff.added.length)
    lines.push(
      '**Added**',
      '',
      ...table(
        ['Alert', 'Severity', 'For', 'Expression', 'Summary'],
        diff.added.map(([name, a]) => [code(name), a.severity, a.for, code(shorten(a.expr)), a.summary]),
      ),
      '',
    );
  if (diff.removed.length) lines.push(`**Removed**: ${names(diff.removed.map(([name]) => name))}.`, '');
  const rows = diff.changed.flatMap(([name, b, a]) =>
    changedRows(
      name,
      alertFields.filter(([, read]) => read(b) !== read(a)).map(([field, read]) => [field, read(b), read(a)]),
    ),
  );
  if (rows.length) lines.push('**Changed**', '', ...table(['Alert', 'Field', 'Before', 'After'], rows), '');
  const touched = [...new Set([...casesBefore.keys(), ...casesAfter.keys()])].filter((alert) =>
    after.alerts.has(alert),
  );
  const cases = touched.flatMap((alert) =>
    before.alerts.has(alert)
      ? casesLine(alert, caseChanges(casesBefore.get(alert), casesAfter.get(alert)))
      : [],
  );
  lines.push(...cases, ...(cases.length ? [''] : []));
  return lines.length ? ['### Alerts', '', ...lines] : [];
}

/** Recording rules, or the SLO ones (`rules/slo.ts`) under their own heading. */
export function recordsSection(
  heading: string,
  before: ReadonlyMap<string, RecordingRule>,
  after: ReadonlyMap<string, RecordingRule>,
): string[] {
  const diff = diffByKey(before, after);
  const rows = [
    ...diff.added.map(([key, r]) => [code(key), 'added', '', code(shorten(r.expr))]),
    ...diff.removed.map(([key, r]) => [code(key), 'removed', code(shorten(r.expr)), '']),
    ...diff.changed.map(([key, b, a]) => {
      const [eb, ea] = focus(b.expr, a.expr);
      return [code(key), 'expression', code(eb), code(ea)];
    }),
  ];
  return rows.length ? [`### ${heading}`, '', ...table(['Rule', 'Change', 'Before', 'After'], rows), ''] : [];
}

const inSlo = (slo: boolean) => (rules: RuleSet) =>
  new Map([...rules.records].filter(([, r]) => (r.domain === 'slo') === slo));
export const sloRecords = inSlo(true);
export const plainRecords = inSlo(false);
