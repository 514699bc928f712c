import { describe, expect, it } from 'vitest';
import { openApiJson } from './generate.ts';
import { lintOpenApi, openApiChecks } from './lint.ts';

// What `npm run validate` checks of the document, in the suite so CI enforces it too.
describe('OpenAPI document checks', () => {
  it('stack/openapi.json and its types are fresh, and the document lints clean', async () => {
    for (const check of openApiChecks()) expect(await check.run(), check.name).toEqual([]);
  }, 60_000);

  it('reports what is wrong with a broken document', async () => {
    const broken = JSON.parse(openApiJson());
    // A list without its answer (its page schema then unused) and two operations with one id.
    delete broken.paths['/api/v1/vessels'].get.responses;
    broken.paths['/api/v1/vessels'].post.operationId = 'listVessels';
    const problems = await lintOpenApi(JSON.stringify(broken));
    expect(problems.map((p) => p.where)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^operation-operationId-unique /),
        expect.stringMatching(/^no-unused-components /),
      ]),
    );
  });
});
