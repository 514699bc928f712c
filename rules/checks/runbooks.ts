import { dashboardAnnotation, dashboards, runbookPath } from '../../lib/monitoring/index.ts';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check, Problem } from '../../lib/validation.ts';
import type { AlertSpec } from '../build/types.ts';
import { parser as logql } from '@grafana/lezer-logql';
import { allAlerts, type RulesModel } from './model.ts';

/** LogQL queries quoted in a runbook (inline code starting with a stream selector) that do not parse. */
export function brokenLogql(markdown: string): string[] {
  const queries = [...markdown.replace(/\n\s+/g, ' ').matchAll(/`(\{[^`]+)`/g)].map((m) => m[1] as string);
  return queries.filter((query) => {
    let broken = false;
    logql.parse(query).iterate({
      enter: (node) => {
        if (node.type.isError) broken = true;
      },
    });
    return broken;
  });
}

/**
 * The runbook's "Dashboard: <title>, <panel> (`<uid>/<panel id>`)" line, before its first section,
 * names the dashboard and panel the alert's `dashboard` annotation links to: the reader of the
 * runbook opens the panel the notification opens.
 */
export function dashboardLineProblem(markdown: string, alert: AlertSpec): string | undefined {
  const expected = dashboardAnnotation(alert.dashboard);
  const title = dashboards[alert.dashboard.dashboard].title;
  const firstSection = markdown.indexOf('\n## ');
  const header = firstSection < 0 ? markdown : markdown.slice(0, firstSection);
  const line = /Dashboard: ([^\n`]*?) *\(`([^`]+)`\)/.exec(header);
  if (!line)
    return `needs a "Dashboard: ${title}, <panel> (\`${expected}\`)" line before its sections (the alert's dashboard annotation)`;
  const [, words = '', link = ''] = line;
  if (link === expected && (words === title || words.startsWith(`${title}, `))) return undefined;
  return `its "Dashboard:" line names ${words} (\`${link}\`), but the alert links to ${title} (\`${expected}\`)`;
}

export const runbookDir = 'runbooks/alerts';
/** The sections every runbook has, in this order. */
export const runbookSections = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation', 'Escalation'] as const;

/** Every alert has its runbook with the required sections; every runbook belongs to an alert. */
export const runbooksCheck = (model: RulesModel): Check => ({
  name: 'every alert has a runbook',
  run: async () => {
    const problems: Problem[] = [];
    const alerts = allAlerts(model);
    for (const { file, alert } of alerts) {
      const path = runbookPath(alert.name);
      const text = await readFile(join(model.root, path), 'utf8').catch(() => undefined);
      if (text === undefined) {
        problems.push({
          file: path,
          where: alert.name,
          message: `missing runbook for alert ${alert.name} (defined in ${file.source})`,
        });
        continue;
      }
      if (!text.startsWith(`# ${alert.name}\n`))
        problems.push({ file: path, where: alert.name, message: `must start with "# ${alert.name}"` });
      const dashboardProblem = dashboardLineProblem(text, alert);
      if (dashboardProblem) problems.push({ file: path, where: alert.name, message: dashboardProblem });
      for (const query of brokenLogql(text)) {
        problems.push({ file: path, where: alert.name, message: `LogQL does not parse: ${query}` });
      }
      let last = -1;
      for (const section of runbookSections) {
        const at = text.indexOf(`\n## ${section}\n`);
        if (at < 0 || at < last)
          problems.push({
            file: path,
            where: alert.name,
            message: `needs a "## ${section}" section, in order`,
          });
        last = Math.max(last, at);
      }
    }
    const names = new Set(alerts.map(({ alert }) => alert.name));
    const present = await readdir(join(model.root, runbookDir)).catch(() => [] as string[]);
    for (const entry of present.filter((f) => f.endsWith('.md')).sort()) {
      const name = entry.slice(0, -'.md'.length);
      if (!names.has(name)) {
        problems.push({
          file: `${runbookDir}/${entry}`,
          where: name,
          message: `runbook for alert ${name}, which no rule file defines: delete or rename it`,
        });
      }
    }
    return problems;
  },
});
