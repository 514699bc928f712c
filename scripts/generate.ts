// `npm run generate`: writes every generated artifact (rules, tests, routing, dashboards,
// provisioning, prometheus.yml, the API's OpenAPI document and client types) from the TypeScript definitions.
// Deterministic, and the same on every machine: it reads no deployment's settings (those reach
// the services through deploy.env, docker-stack.yml and Swarm config templates).
import { staleFiles, writeGenerated } from '../lib/generated.ts';
import { generatedGroups } from './generated-files.ts';

for (const [name, produce] of generatedGroups) {
  const files = await produce();
  const changed = await staleFiles(files);
  await writeGenerated(files);
  console.log(
    `generate: ${name}: ${files.length} files, ${changed.length} changed${changed.length ? `: ${changed.join(', ')}` : ''}`,
  );
}
