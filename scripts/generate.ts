// `npm run generate`: writes every generated artifact (rules, tests, routing, dashboards,
// provisioning, prometheus.yml, the API's OpenAPI document and client types) from the TypeScript definitions.
// Deterministic: run it twice, get no diff.
import { openApiFiles } from '../api/openapi/generate.ts';
import { dashboardFiles } from '../dashboards-src/generate.ts';
import { type GeneratedFile, staleFiles, writeGenerated } from '../lib/generated.ts';
import { rulesFiles } from '../rules/generate.ts';
import { scrapeFiles } from '../scrape/generate.ts';

const groups: Array<[string, () => GeneratedFile[] | Promise<GeneratedFile[]>]> = [
  ['rules and routing', rulesFiles],
  ['dashboards and provisioning', dashboardFiles],
  ['prometheus scrape configs (Swarm stack, docker-compose)', scrapeFiles],
  ['OpenAPI document and client types', openApiFiles],
];

for (const [name, produce] of groups) {
  const files = await produce();
  const changed = await staleFiles(files);
  await writeGenerated(files);
  console.log(
    `generate: ${name}: ${files.length} files, ${changed.length} changed${changed.length ? `: ${changed.join(', ')}` : ''}`,
  );
}
