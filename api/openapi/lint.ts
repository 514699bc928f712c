import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { Check, Problem } from '../../lib/validation.ts';
import { staleFiles } from '../../lib/generated.ts';
import { openApiFile, openApiFiles, openApiJson } from './generate.ts';

/**
 * Redocly's `recommended` ruleset (the engine behind `@redocly/cli lint`) on the generated
 * document, plus freshness of the committed document and its generated types.
 */
export function openApiChecks(): Check[] {
  return [
    {
      name: 'openapi: stack/openapi.json and its types are fresh',
      run: async () =>
        (await staleFiles(await openApiFiles())).map((path) => ({
          file: path,
          message: 'differs from what api/openapi generates: run `npm run generate` and commit',
        })),
    },
    { name: 'openapi: redocly recommended lint', run: () => lintOpenApi(openApiJson()) },
  ];
}

export async function lintOpenApi(source: string): Promise<Problem[]> {
  const config = await createConfig({
    extends: ['recommended'],
    // The probes, /metrics and this document answer no 4xx at all; every /api/v1 operation has
    // its 4xx answers by construction (operation.ts).
    rules: { 'operation-4xx-response': 'off' },
  });
  const problems = await lintFromString({ source, absoluteRef: openApiFile, config });
  return problems.map((p) => ({
    file: openApiFile,
    where: `${p.ruleId} ${p.location[0]?.pointer ?? ''}`.trim(),
    message: `${p.severity}: ${p.message}`,
  }));
}
