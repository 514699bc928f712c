import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { repoRoot } from '../../lib/generated.ts';
import type { Problem } from '../../lib/validation.ts';
import { type GeneratedDashboard, panelsOf } from './model.ts';

export const rulesDir = 'stack/prometheus/rules';

/** An alert's `dashboard` annotation: `<uid>` or `<uid>/<panelId>`. */
export interface AlertLink {
  file: string;
  alert: string;
  dashboard: string;
}

interface RuleFile {
  groups?: Array<{ rules?: Array<{ alert?: string; annotations?: Record<string, unknown> }> }>;
}

/** The `dashboard` annotations of the generated rule files (none while there are no rule files). */
export async function readAlertLinks(root = repoRoot): Promise<AlertLink[]> {
  const dir = resolve(root, rulesDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const links: AlertLink[] = [];
  for (const name of names.filter((n) => n.endsWith('.rules.yml')).sort()) {
    const file = join(rulesDir, name);
    const parsed = load(await readFile(resolve(root, file), 'utf8')) as RuleFile | undefined;
    for (const group of parsed?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        const dashboard = rule.annotations?.dashboard;
        if (rule.alert && typeof dashboard === 'string') links.push({ file, alert: rule.alert, dashboard });
      }
    }
  }
  return links;
}

/** Each alert's dashboard annotation names an existing dashboard uid and, if given, an existing panel. */
export function alertLinkProblems(
  links: readonly AlertLink[],
  generated: readonly GeneratedDashboard[],
): Problem[] {
  const problems: Problem[] = [];
  const byUid = new Map(generated.map((d) => [d.json.uid, d.json]));
  for (const link of links) {
    const [uid = '', panel] = link.dashboard.split('/');
    const where = `alert ${link.alert}, dashboard annotation ${link.dashboard}`;
    const dashboard = byUid.get(uid);
    if (!dashboard) {
      problems.push({
        file: link.file,
        where,
        message: `no dashboard has uid ${uid} (known: ${[...byUid.keys()].join(', ')})`,
      });
      continue;
    }
    if (panel === undefined) continue;
    const id = Number(panel);
    const target = panelsOf(dashboard).find((p) => p.id === id);
    if (!Number.isInteger(id) || !target) {
      problems.push({
        file: link.file,
        where,
        message: `dashboard ${uid} "${dashboard.title}" has no panel ${panel}`,
      });
    }
  }
  return problems;
}
