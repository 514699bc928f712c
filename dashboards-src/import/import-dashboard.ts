import { join } from 'node:path';
import prettier from 'prettier';
import { leafChanges } from '../../lib/json/leaves.ts';
import { commonTag, type DashboardJson, type PanelJson } from '../core/definition.ts';
import { layout } from '../core/layout.ts';
import type { PanelSpec } from '../core/panel-spec.ts';
import { literal } from './code-values.ts';
import { importedRows } from './imported-rows.ts';
import { fitImports, type ImportPool } from './module-imports.ts';
import { builderCode, factoryCode, type PanelCode } from './panel-code.ts';
import { PanelMatcher } from './panel-match.ts';
import type { ExportedDashboard } from '../../lib/grafana/export.ts';
import { modulesDir, type SourceModule } from './source-modules.ts';
import { withProperties } from './ts-text.ts';

export interface ImportResult {
  file: string;
  text: string;
  /** True when the dashboard's uid has a module already (the file is that module). */
  known: boolean;
  /** What the written code does not reproduce, one line each: `panel "Title": field`. */
  unmapped: string[];
  /** Panels whose UI edits are kept as `changes`, with the fields. */
  kept: Array<{ title: string; fields: string[] }>;
  counts: { factory: number; builder: number };
}

const folders = ['Operations', 'Platform', 'Business'];
const camel = (s: string) =>
  s
    .replace(/^porttrack-/, '')
    .replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
    .replace(/[^a-zA-Z0-9]/g, '');
const kebab = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Dashboard fields defineDashboard sets from its options or from Grafana's bookkeeping. */
const handled = ['panels', 'id', 'version', 'iteration', 'description', 'tags', 'time.from', 'uid'];
const settings = (d: DashboardJson) => {
  const leaves = Object.fromEntries(Object.entries(d).filter(([k]) => !handled.includes(k)));
  const time = { ...(d.time as Record<string, unknown> | undefined) };
  delete time.from;
  return { ...leaves, time };
};

/** Where the flow layout puts the panels, against where Grafana had them. */
function positionNotes(rows: Array<{ title: string; panels: PanelJson[] }>): string[] {
  const specs = rows.map((r) => ({
    title: r.title,
    panels: r.panels.map((p) => ({ width: p.gridPos?.w ?? 12, height: p.gridPos?.h ?? 8 }) as PanelSpec),
  }));
  const placed = layout(specs, 'import');
  const notes: string[] = [];
  rows.forEach((r, i) =>
    r.panels.forEach((p, j) => {
      const at = placed[i]!.panels[j]!.gridPos;
      const { x = 0, y = 0 } = p.gridPos ?? {};
      if (at.x !== x || at.y !== y)
        notes.push(`panel "${p.title}": position ${x},${y} (the row layout places it at ${at.x},${at.y})`);
    }),
  );
  return notes;
}

/** The module's text for `dashboard`: its own module edited when it has one, else a new one. */
export async function importDashboard(
  exported: ExportedDashboard<DashboardJson>,
  modules: readonly SourceModule[],
): Promise<ImportResult> {
  const { dashboard } = exported;
  const own = modules.find((m) => m.definition.uid === dashboard.uid);
  const matcher = new PanelMatcher(
    own,
    modules.filter((m) => m !== own),
  );
  const unmapped: string[] = [];
  const kept: ImportResult['kept'] = [];
  const counts = { factory: 0, builder: 0 };
  const pool = new Map<string, readonly [string, string]>([
    ['defineDashboard', ['../core/definition.ts', 'defineDashboard']],
    ['row', ['../core/panel-spec.ts', 'row']],
  ]);
  const rows = importedRows(dashboard.panels);
  const rowCode: string[] = [];
  const laidOut: Array<{ title: string; panels: PanelJson[] }> = [];
  for (const r of rows) {
    if (r.collapsed) unmapped.push(`row "${r.title}": collapsed (the generated row is expanded)`);
    const codes: string[] = [];
    const placed: PanelJson[] = [];
    for (const panel of r.panels) {
      const match = matcher.match(panel);
      const code: PanelCode | undefined = (match && factoryCode(panel, match)) ?? builderCode(panel);
      if (!code) {
        unmapped.push(
          `panel "${panel.title}": type ${panel.type} has no factory or foundation-sdk builder here (left out)`,
        );
        continue;
      }
      counts[code.how]++;
      for (const [name, from] of code.imports) if (!pool.has(name)) pool.set(name, from);
      if (code.kept.length) kept.push({ title: panel.title ?? '', fields: code.kept });
      codes.push(code.code);
      placed.push(panel);
    }
    const title = own?.rows.find((o) => o.title === r.title)?.titleCode ?? literal(r.title);
    rowCode.push(`row(${title}, [${codes.join(', ')}])`);
    laidOut.push({ title: r.title, panels: placed });
  }
  unmapped.push(...positionNotes(laidOut));

  const tags = ((dashboard.tags as string[] | undefined) ?? []).filter((t) => t !== commonTag);
  const from = (dashboard.time as { from?: string } | undefined)?.from ?? 'now-6h';
  const props: Array<[string, string]> = [];
  const reference = own?.built;
  if (dashboard.description !== reference?.description)
    props.push(['description', literal(dashboard.description ?? '')]);
  if (
    JSON.stringify(tags) !==
    JSON.stringify(((reference?.tags as string[] | undefined) ?? []).filter((t) => t !== commonTag))
  )
    props.push(['tags', literal(tags)]);
  if (from !== ((reference?.time as { from?: string } | undefined)?.from ?? 'now-6h'))
    props.push(['from', literal(from)]);
  props.push(['rows', `[${rowCode.join(', ')}]`]);
  if (reference)
    for (const [field] of leafChanges(settings(reference), settings(dashboard)))
      unmapped.push(
        `dashboard: ${field} (defineDashboard sets it; change it in dashboards-src/core/definition.ts or lib/monitoring/dashboards.ts)`,
      );

  let text: string;
  let file: string;
  if (own) {
    const call = own.options.parent;
    const callText = own.text.slice(call.getStart(), call.getEnd());
    text =
      own.text.slice(0, call.getStart()) + withProperties(callText, props)! + own.text.slice(call.getEnd());
    file = own.file;
  } else {
    const key = camel(dashboard.uid);
    const folder = folders.includes(exported.folderTitle ?? '') ? exported.folderTitle! : 'Operations';
    if (folder !== exported.folderTitle)
      unmapped.push(
        `dashboard: folder ${exported.folderTitle ?? '(none given)'} (written as Operations; one of ${folders.join(', ')})`,
      );
    unmapped.push(
      `dashboard: uid ${dashboard.uid} is new: add \`${key}: { uid: '${dashboard.uid}', title: ${literal(dashboard.title)} }\` to lib/monitoring/dashboards.ts and the module to dashboards-src/dashboards/index.ts`,
    );
    const call = withProperties(
      `defineDashboard({ key: ${literal(key)}, folder: ${literal(folder)} })`,
      props,
    )!;
    text = `\n/** ${dashboard.title} (${dashboard.uid}), imported from Grafana by \`npm run dashboards:import\`. */\nexport const ${key} = ${call};\n`;
    file = join(modulesDir, `${kebab(dashboard.title) || key}.ts`);
  }
  const options = (await prettier.resolveConfig(file)) ?? {};
  const formatted = await prettier.format(fitImports(text, pool as ImportPool), {
    ...options,
    filepath: file,
  });
  return { file, text: formatted, known: !!own, unmapped, kept, counts };
}
