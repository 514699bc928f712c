import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { DashboardDefinition, DashboardJson, PanelJson } from '../core/definition.ts';
import { findCall, parse, propertyOf } from './ts-text.ts';

/** Where the dashboard modules live; the importer writes there too. */
export const modulesDir = join(import.meta.dirname, '..', 'dashboards');

/** One factory call of a dashboard module beside the panel it builds. */
export interface SourcePanel {
  /** The call as written, with the comments before it. */
  code: string;
  json: PanelJson;
}

export interface SourceModule {
  file: string;
  text: string;
  definition: DashboardDefinition;
  built: DashboardJson;
  /** The `defineDashboard({...})` options object. */
  options: ts.ObjectLiteralExpression;
  rows: Array<{ titleCode: string; title: string; panels: SourcePanel[] }>;
  /** Every named import of the module: identifier -> module specifier. */
  imports: Map<string, string>;
}

function importsOf(file: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings))
      for (const element of bindings.elements) names.set(element.name.text, statement.moduleSpecifier.text);
  }
  return names;
}

/**
 * A dashboard module read two ways: run, for what it builds, and parsed, for how each panel is
 * written. The layout builds panels in the order the rows list them, so the n-th call pairs
 * with the n-th panel that is not a row.
 */
export async function readModule(file: string): Promise<SourceModule | undefined> {
  const text = await readFile(file, 'utf8');
  const exported = Object.values(await import(pathToFileURL(file).href)) as unknown[];
  const definition = exported.find(
    (v): v is DashboardDefinition => !!v && typeof (v as DashboardDefinition).build === 'function',
  );
  const source = parse(text, file);
  const call = findCall(source, 'defineDashboard');
  const options = call?.arguments[0];
  if (!definition || !options || !ts.isObjectLiteralExpression(options)) return undefined;
  const rowsProp = propertyOf(options, 'rows')?.initializer;
  if (!rowsProp || !ts.isArrayLiteralExpression(rowsProp)) return undefined;
  const built = definition.build();
  const panels = built.panels.filter((p) => p.type !== 'row');
  const rowTitles = built.panels.filter((p) => p.type === 'row').map((p) => p.title ?? '');
  const rows: SourceModule['rows'] = [];
  let n = 0;
  for (const element of rowsProp.elements) {
    const rowCall = ts.isCallExpression(element) ? element : undefined;
    const [title, list] = rowCall?.arguments ?? [];
    if (!title || !list || !ts.isArrayLiteralExpression(list))
      throw new Error(`${file}: a row is not written as row('title', [panels]); the importer cannot read it`);
    const rowPanels = list.elements.map((e) => ({ code: e.getFullText().trim(), json: panels[n++]! }));
    rows.push({ titleCode: title.getText(), title: rowTitles[rows.length] ?? '', panels: rowPanels });
  }
  if (n !== panels.length)
    throw new Error(
      `${file}: ${n} panel calls for ${panels.length} built panels; the importer cannot pair them`,
    );
  return { file, text, definition, built, options, rows, imports: importsOf(source) };
}

/** Every dashboard module in dashboards-src/dashboards/. */
export async function readModules(dir = modulesDir): Promise<SourceModule[]> {
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && !f.startsWith('.'))
    .sort();
  const modules = await Promise.all(files.map((f) => readModule(join(dir, f))));
  return modules.filter((m): m is SourceModule => !!m);
}
