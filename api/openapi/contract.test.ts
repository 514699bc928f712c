import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../api-routes.ts';
import { accessPolicy } from '../domain/auth/access.ts';
import { routesOf } from '../routing/mount.ts';
import { apiPrefix } from '../routing/route.ts';
import { openApiPath } from '../routing/templates.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { buildOpenApiDocument } from './document.ts';

// The route tables both route and document each operation; these check that the running app and
// the document agree with them. That every answer the API suite receives matches the document is
// checked in testing/test-api.ts's send(), on every request of every test.
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

  const routes = routesOf(apiRoutes, () => true);
  const concrete = (path: string) => path.replace(/:\w+/g, '999999999');

  it('routes every operation of the route tables, each documented at its path', async () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => `${r.method.toUpperCase()} ${openApiPath(apiPrefix + r.path)}`).sort()).toEqual(
      documented.filter((d) => d.includes(apiPrefix) && !d.endsWith('/openapi.json')).sort(),
    );
    // The stream stays open: stream-security.test.ts opens it.
    for (const route of routes.filter((r) => r.path !== '/positions/stream')) {
      const method = route.method.toUpperCase();
      const answer = await t.request(method, apiPrefix + concrete(route.path), {
        token: t.tokens.admin,
        ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
      });
      expect(answer.body?.error, `${method} ${route.path}`).not.toBe('no such endpoint');
    }
  });

  it('lets exactly the roles its x-roles lists call each operation', () => {
    const refusal = accessPolicy(routes);
    const roles = ['admin', 'operator', 'viewer', 'probe'] as const;
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const op = (document.paths as Record<string, Record<string, { 'x-roles': string[] }>>)[
        openApiPath(apiPrefix + route.path)
      ]![route.method]!;
      const allowed = roles.filter(
        (role) => !refusal(role, route.method.toUpperCase(), concrete(route.path)),
      );
      expect([...allowed].sort(), `${route.method} ${route.path}`).toEqual([...op['x-roles']].sort());
    }
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
