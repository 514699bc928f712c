import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDefinition, DashboardJson, PanelJson } from '../core/definition.ts';
import { layout } from '../core/layout.ts';
import type { PanelSpec } from '../core/panel-spec.ts';
import { importDashboard } from './import-dashboard.ts';
import { importedRows } from './imported-rows.ts';
import { ImportInputError, readExport } from '../../lib/grafana/export.ts';
import { modulesDir, readModules, type SourceModule } from './source-modules.ts';
import { notReproduced } from './verify.ts';

let modules: SourceModule[];
beforeAll(async () => {
  modules = await readModules();
}, 60_000);

/** What a written module builds: written beside the real ones (its imports are relative), run, removed. */
async function buildText(text: string, name: string): Promise<DashboardJson> {
  const file = join(modulesDir, `.import-test-${process.pid}-${name}.ts`);
  await writeFile(file, text);
  try {
    const exported = Object.values(await import(pathToFileURL(file).href)) as DashboardDefinition[];
    return exported.find((v) => typeof v?.build === 'function')!.build();
  } finally {
    await rm(file, { force: true });
  }
}

/** Ids out: the layout numbers rows and unreserved panels in order. */
const withoutIds = (d: DashboardJson) =>
  JSON.parse(JSON.stringify(d, (key, value: unknown) => (key === 'id' ? undefined : value))) as unknown;

/** Lines only in `a` and only in `b` (longest common subsequence of lines). */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n');
  const y = b.split('\n');
  const len = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      len[i]![j] = x[i] === y[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) [i, j] = [i + 1, j + 1];
    else if (j >= y.length || (i < x.length && len[i + 1]![j]! >= len[i]![j + 1]!))
      removed.push(x[i++]!.trim());
    else added.push(y[j++]!.trim());
  }
  return { removed, added };
}

/** Grafana's UI reflows the grid after a resize: panels placed again as the flow layout would. */
function reflowed(d: DashboardJson): DashboardJson {
  const rows = importedRows(d.panels);
  const placed = layout(
    rows.map((r) => ({
      title: r.title,
      panels: r.panels.map((p) => ({ width: p.gridPos!.w, height: p.gridPos!.h }) as PanelSpec),
    })),
    'test',
  );
  const rowPanels = d.panels.filter((p) => p.type === 'row');
  placed.forEach((r, i) => {
    rowPanels[i]!.gridPos = r.gridPos;
    r.panels.forEach((p, j) => (rows[i]!.panels[j]!.gridPos = p.gridPos));
  });
  return d;
}

const panel = (d: DashboardJson, title: string) =>
  d.panels.find((p) => p.title === title)! as PanelJson & {
    fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } };
  };

describe('dashboards:import round trip', () => {
  it('imports each of the six generated dashboards to a module that generates the same JSON (ids normalised), and to its own source', async () => {
    expect(modules.map((m) => m.definition.uid).sort()).toHaveLength(6);
    for (const module of modules) {
      const generated = module.definition.build();
      const exported = readExport<DashboardJson>(JSON.stringify(generated), module.file);
      const result = await importDashboard(exported, modules);
      expect(result.unmapped, module.file).toEqual([]);
      expect(result.kept, module.file).toEqual([]);
      expect(result.counts.builder).toBe(0);
      expect(result.text, module.file).toBe(module.text);
      const again = await buildText(result.text, module.definition.key);
      expect(withoutIds(again), module.file).toEqual(withoutIds(generated));
    }
  }, 120_000);

  it('a panel edited in the UI (threshold, query, width) imports to a diff of that panel alone, which builds the edited dashboard', async () => {
    const api = modules.find((m) => m.definition.uid === 'porttrack-api')!;
    const original = await importDashboard({ dashboard: api.definition.build() }, modules);
    const edited = api.definition.build();
    const errors = panel(edited, 'Error rate by endpoint');
    errors.fieldConfig.defaults.thresholds.steps[1]!.value = 0.1;
    errors.targets![0]!.expr = `${errors.targets![0]!.expr} > 0`;
    errors.gridPos!.w = 24;
    const wrapped = JSON.stringify({ dashboard: reflowed(edited), meta: { folderTitle: 'Operations' } });
    const result = await importDashboard(readExport<DashboardJson>(wrapped, 'edited.json'), modules);
    expect(result.unmapped).toEqual([]);
    expect(result.kept).toEqual([
      {
        title: 'Error rate by endpoint',
        fields: ['fieldConfig.defaults.thresholds.steps[1].value', 'targets[0].expr'],
      },
    ]);
    const { removed, added } = lineDiff(original.text, result.text);
    expect(removed).toEqual(['errorRateByRouteTimeseries({ matchers, id: ids.errorRate }),']);
    expect(added.slice(0, 4)).toEqual([
      'errorRateByRouteTimeseries({',
      'matchers,',
      'id: ids.errorRate,',
      'width: 24,',
    ]);
    expect(added.slice(4).join(' ')).toMatch(
      /^changes: \{ 'fieldConfig\.defaults\.thresholds\.steps\[1\]\.value': 0\.1, 'targets\[0\]\.expr':.* > 0', \}, \}\),$/,
    );
    expect(notReproduced(edited, await buildText(result.text, 'edited'))).toEqual([]);
  }, 60_000);

  it('a panel added in the UI that no factory builds becomes a foundation-sdk builder that builds it', async () => {
    const slo = modules.find((m) => m.definition.uid === 'porttrack-slo')!;
    const dashboard = slo.definition.build();
    const last = dashboard.panels.at(-1)!.gridPos!;
    dashboard.panels.push({
      id: 42,
      type: 'gauge',
      title: 'Scrape targets up',
      gridPos: { x: 0, y: last.y + last.h, w: 6, h: 5 },
      datasource: { type: 'prometheus', uid: 'prometheus' },
      targets: [{ refId: 'A', expr: 'sum(up)', datasource: { type: 'prometheus', uid: 'prometheus' } }],
      fieldConfig: {
        defaults: {
          unit: 'short',
          min: 0,
          thresholds: {
            mode: 'absolute',
            steps: [
              { value: null, color: 'red' },
              { value: 3, color: 'green' },
            ],
          },
        },
        overrides: [],
      },
      options: {},
    });
    const result = await importDashboard({ dashboard }, modules);
    expect(result.counts).toEqual({ factory: 4, builder: 1 });
    expect(result.unmapped).toEqual([]);
    expect(result.text).toContain("new GaugePanel()\n          .title('Scrape targets up')");
    expect(result.text).toContain("from '@grafana/grafana-foundation-sdk/gauge'");
    expect(notReproduced(dashboard, await buildText(result.text, 'added'))).toEqual([]);
  }, 60_000);

  it('lists what it cannot map: a panel type without a builder, a collapsed row, a place the flow layout cannot keep', async () => {
    const slo = modules.find((m) => m.definition.uid === 'porttrack-slo')!;
    const dashboard = slo.definition.build();
    dashboard.panels.push({
      id: 50,
      type: 'nodeGraph',
      title: 'Service map',
      gridPos: { x: 12, y: 99, w: 12, h: 8 },
    });
    dashboard.panels.push({
      id: 51,
      type: 'row',
      title: 'Hidden',
      collapsed: true,
      gridPos: { x: 0, y: 120, w: 24, h: 1 },
      panels: [],
    });
    const result = await importDashboard({ dashboard }, modules);
    expect(result.unmapped).toEqual([
      'panel "Service map": type nodeGraph has no factory or foundation-sdk builder here (left out)',
      'row "Hidden": collapsed (the generated row is expanded)',
    ]);
    const moved = slo.definition.build();
    moved.panels.at(-1)!.gridPos!.y += 3;
    const gap = await importDashboard({ dashboard: moved }, modules);
    expect(gap.unmapped).toEqual([
      expect.stringMatching(/^panel "Burn rates": position 8,\d+ \(the row layout places it at 8,\d+\)$/),
    ]);
  });
});

describe('dashboards:import input', () => {
  it('reads the bare model and the API wrapper alike, with the folder the API names', () => {
    const model = { uid: 'u', title: 'T', panels: [] };
    expect(readExport<DashboardJson>(JSON.stringify(model), 'f').dashboard).toEqual(model);
    expect(
      readExport<DashboardJson>(JSON.stringify({ dashboard: model, meta: { folderTitle: 'Business' } }), 'f'),
    ).toEqual({
      dashboard: model,
      folderTitle: 'Business',
    });
  });

  it.each([
    ['{nope', /^f is not JSON/],
    ['[1, 2]', /^f is not a Grafana dashboard/],
    ['{"dashboard": {"title": "T", "uid": "u"}}', /^f: dashboard "T" has no "panels" list$/],
    ['{"title": "T", "panels": []}', /^f: dashboard "T" has no "uid"$/],
  ])('refuses %s with one line', (text, message) => {
    expect(() => readExport<DashboardJson>(text, 'f')).toThrow(ImportInputError);
    expect(() => readExport<DashboardJson>(text, 'f')).toThrow(message);
  });

  it('the command answers bad input with one line on stderr and exit code 2, no stack trace', async () => {
    const file = join(modulesDir, `.import-test-${process.pid}.json`);
    await writeFile(file, 'not json');
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    try {
      const failed = await promisify(execFile)(process.execPath, [
        tsx,
        join(modulesDir, '../cli/import-dashboard.ts'),
        file,
      ]).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^dashboards:import: .* is not JSON \(/),
      ]);
    } finally {
      await rm(file, { force: true });
    }
  }, 60_000);
});
