import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, launchChromium, openDocs, tryOperation, watchCsp } from '../testing/docs-browser.ts';
import { startTestApi, vesselBody, type TestApi } from '../testing/test-api.ts';
import { buildOpenApiDocument } from './document.ts';

// The reference page in a real browser (Debian's chromium, headless) under the API's own
// Content-Security-Policy (scripts/ensure-tools.sh installs chromium): it renders, lists every operation, and a "try it" call with a token works.
describe('API reference page in Chromium', () => {
  let t: TestApi;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    t = await startTestApi('docs_page');
    await t.request('POST', '/api/v1/vessels', {
      token: t.tokens.operator,
      body: vesselBody({ name: 'DOCS PAGE' }),
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders every operation and runs a request with a token, with no CSP violation', async () => {
    const page = await browser.newPage();
    const violations = await watchCsp(page);
    const listed = await openDocs(page, t.api.url);
    const operations = Object.values(buildOpenApiDocument().paths ?? {}).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>)
        .map((op) => op.operationId)
        .filter((id): id is string => typeof id === 'string'),
    );
    expect(operations.length).toBeGreaterThan(30);
    for (const id of operations)
      expect(
        listed.some((dom) => dom.endsWith(`-${id}`)),
        id,
      ).toBe(true);
    expect(listed).toHaveLength(operations.length);

    const unauthorised = await tryOperation(
      page,
      listed.find((d) => d.endsWith('-me'))!,
    );
    expect(unauthorised.status).toBe('401');

    await authorize(page, t.tokens.viewer);
    const answer = await tryOperation(
      page,
      listed.find((d) => d.endsWith('-listVessels'))!,
    );
    expect(answer.status).toBe('200');
    expect(JSON.parse(answer.body).items.map((v: { name: string }) => v.name)).toContain('DOCS PAGE');
    expect(violations).toEqual([]);
  }, 90_000);
});
