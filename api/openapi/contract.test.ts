import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { buildOpenApiDocument } from './document.ts';
import { expressRoutes } from './express-routes.ts';

// The document against the running app, both ways. That every answer the API suite receives
// matches the document is checked in testing/test-api.ts's send(), on every request of every test.
const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

describe('OpenAPI contract', () => {
  let t: TestApi;
  const document = buildOpenApiDocument();
  const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    methods.filter((m) => m in (item as object)).map((method) => `${method.toUpperCase()} ${path}`),
  );

  beforeAll(async () => {
    t = await startTestApi('contract');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('documents every route the app serves, and routes every documented operation', () => {
    const routed = expressRoutes(t.api.app).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(routed.length).toBeGreaterThan(30);
    expect(
      routed.filter((r) => !documented.includes(r)),
      'routed but not documented',
    ).toEqual([]);
    expect(
      documented.filter((d) => !routed.includes(d)),
      'documented but not routed',
    ).toEqual([]);
  });

  it('serves the document without a token', async () => {
    const answer = await t.request('GET', '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('gives every operation an id, a summary, its tag and the roles it needs', () => {
    for (const item of Object.values(document.paths ?? {}))
      for (const m of methods.filter((k) => k in (item as object))) {
        const op = (item as Record<string, Record<string, unknown>>)[m]!;
        expect(op.operationId, `${m} operation`).toBeTypeOf('string');
        expect(op.summary).toBeTypeOf('string');
        expect(op.tags).toHaveLength(1);
        expect(op.security).toBeInstanceOf(Array);
      }
  });

  it('serves the reference page and its scripts from this origin', async () => {
    const page = await fetch(`${t.api.url}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'init.js'])
      expect((await fetch(`${t.api.url}/api/docs/${file}`)).status, file).toBe(200);
  });
});
