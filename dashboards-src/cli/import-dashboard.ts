// `npm run dashboards:import -- FILE.json`: a dashboard exported from Grafana (Export > Save to
// file, or the HTTP API's /api/dashboards/uid/<uid> answer) into dashboards-src/dashboards/:
// its own module rewritten when the uid is one of ours (review with `git diff`), a new module
// otherwise. Prints what it kept as `changes` and what it could not map. Exit 2 on bad input.
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DashboardDefinition, DashboardJson } from '../core/definition.ts';
import { importDashboard } from '../import/import-dashboard.ts';
import { ImportInputError, readExport } from '../../lib/grafana/export.ts';
import { readModules } from '../import/source-modules.ts';
import { notReproduced } from '../import/verify.ts';

const fail = (message: string): never => {
  console.error(`dashboards:import: ${message}`);
  process.exit(2);
};

const [path, ...extra] = process.argv.slice(2);
if (!path || extra.length) fail('usage: npm run dashboards:import -- FILE.json');
const text = await readFile(path!, 'utf8').catch((error: NodeJS.ErrnoException) =>
  fail(`cannot read ${path}: ${error.code ?? error.message}`),
);
let exported;
try {
  exported = readExport<DashboardJson>(text, path!);
} catch (error) {
  if (error instanceof ImportInputError) fail(error.message);
  throw error;
}
const modules = await readModules();
const result = await importDashboard(exported!, modules);
await writeFile(result.file, result.text);
const file = relative(process.cwd(), result.file);
const { dashboard } = exported!;
console.log(
  `dashboards:import: ${dashboard.title} (${dashboard.uid}) -> ${file} (${result.known ? 'its module, rewritten' : 'a new module'}): ` +
    `${result.counts.factory} panels through the project's factories, ${result.counts.builder} through foundation-sdk builders`,
);
for (const { title, fields } of result.kept)
  console.log(`  kept as changes (no factory option holds them): panel "${title}": ${fields.join(', ')}`);
const lines = [...result.unmapped];
if (result.known) {
  const written = (await import(`${pathToFileURL(result.file).href}?imported=${Date.now()}`)) as Record<
    string,
    unknown
  >;
  const definition = Object.values(written).find(
    (v) => typeof (v as DashboardDefinition)?.build === 'function',
  );
  if (definition) lines.push(...notReproduced(dashboard, (definition as DashboardDefinition).build()));
}
console.log(
  lines.length ? `Could not map (${lines.length}):` : 'Everything mapped: the module builds this dashboard.',
);
for (const line of lines) console.log(`  ${line}`);
console.log(`Next: git diff ${file}, npm run generate, npm run plan.`);
