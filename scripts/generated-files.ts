// Every artifact `npm run generate` writes, by group: the one list generate.ts writes and the
// deployment-free check (deployment-free.ts) reproduces. Run directly, it prints each file's
// path and SHA-256 and writes nothing: `tsx scripts/generated-files.ts`.
import { createHash } from 'node:crypto';
import { openApiFiles } from '../api/openapi/generate.ts';
import { dashboardFiles } from '../dashboards-src/generate.ts';
import type { GeneratedFile } from '../lib/generated.ts';
import { rulesFiles } from '../rules/generate.ts';
import { scrapeFiles } from '../scrape/generate.ts';

export const generatedGroups: Array<[string, () => GeneratedFile[] | Promise<GeneratedFile[]>]> = [
  ['rules and routing', rulesFiles],
  ['dashboards and provisioning', dashboardFiles],
  ['prometheus scrape configs (Swarm stack, docker-compose)', scrapeFiles],
  ['OpenAPI document and client types', openApiFiles],
];

/** Every generated file's path and the SHA-256 of its content. */
export async function generatedDigests(): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const [, produce] of generatedGroups)
    for (const file of await produce())
      digests[file.path] = createHash('sha256').update(file.content).digest('hex');
  return digests;
}

if (process.argv[1] === import.meta.filename) console.log(JSON.stringify(await generatedDigests()));
