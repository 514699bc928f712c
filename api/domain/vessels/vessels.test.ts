import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, vesselBody, type TestApi } from '../../testing/test-api.ts';
import { imoCheckDigit, isValidImo } from './identifiers.ts';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi('vessels');
});
afterAll(() => t?.close());

describe('IMO numbers', () => {
  it('accepts a correct check digit and refuses a wrong one', () => {
    expect(isValidImo('9074729')).toBe(true); // the textbook example
    expect(isValidImo('9074728')).toBe(false);
    expect(isValidImo('907472')).toBe(false);
    expect(imoCheckDigit('907472')).toBe(9);
  });
});

describe('vessels', () => {
  it('creates, reads, filters, pages, updates and deletes', async () => {
    const { operator: token, viewer } = t.tokens;
    const created = await t.request('POST', '/api/v1/vessels', {
      token,
      body: vesselBody({ name: 'ALPHA STAR', type: 'tanker', flag: 'NL' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ALPHA STAR', status: 'active', length_m: 250 });
    for (let i = 0; i < 4; i++) await t.request('POST', '/api/v1/vessels', { token, body: vesselBody() });

    const page = await t.request('GET', '/api/v1/vessels?limit=2&offset=1', { token: viewer });
    expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(page.body.items).toHaveLength(2);
    const beyond = await t.request('GET', '/api/v1/vessels?offset=50', { token: viewer });
    expect(beyond.body).toMatchObject({ total: 5, items: [] });
    const tankers = await t.request('GET', '/api/v1/vessels?type=tanker&flag=NL', { token: viewer });
    expect(tankers.body.items.map((v: { name: string }) => v.name)).toEqual(['ALPHA STAR']);
    const search = await t.request('GET', `/api/v1/vessels?q=${created.body.mmsi}`, { token: viewer });
    expect(search.body.total).toBe(1);
    expect((await t.request('GET', '/api/v1/vessels?q=%25', { token: viewer })).body.total).toBe(0);

    const id = created.body.id;
    const patched = await t.request('PATCH', `/api/v1/vessels/${id}`, {
      token,
      body: { status: 'inactive', length_m: 251.5 },
    });
    expect(patched.body).toMatchObject({ status: 'inactive', length_m: 251.5, name: 'ALPHA STAR' });
    expect((await t.request('PATCH', `/api/v1/vessels/${id}`, { token, body: {} })).status).toBe(400);
    expect((await t.request('DELETE', `/api/v1/vessels/${id}`, { token })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/vessels/${id}`, { token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/vessels/${id}`, { token })).status).toBe(404);
  });

  it('answers 409 for a duplicate IMO or MMSI and 400 naming each bad field', async () => {
    const token = t.tokens.admin;
    const body = vesselBody();
    expect((await t.request('POST', '/api/v1/vessels', { token, body })).status).toBe(201);
    const sameImo = await t.request('POST', '/api/v1/vessels', {
      token,
      body: { ...vesselBody(), imo: body.imo },
    });
    expect(sameImo.status).toBe(409);
    expect(sameImo.body.reason).toBe('duplicate_imo');
    const sameMmsi = await t.request('POST', '/api/v1/vessels', {
      token,
      body: { ...vesselBody(), mmsi: body.mmsi },
    });
    expect(sameMmsi.body.reason).toBe('duplicate_mmsi');

    const bad = await t.request('POST', '/api/v1/vessels', {
      token,
      body: { ...vesselBody(), imo: '9074728', flag: 'XX', length_m: -1, extra: true },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.imo', 'body.flag', 'body.length_m', 'body']));
  });

  it('lets viewers read but not write, and strangers do neither', async () => {
    const write = await t.request('POST', '/api/v1/vessels', { token: t.tokens.viewer, body: vesselBody() });
    expect(write.status).toBe(403);
    expect((await t.request('GET', '/api/v1/vessels', { token: t.tokens.viewer })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/vessels')).status).toBe(401);
    expect((await t.request('GET', '/api/v1/vessels', { token: `${t.tokens.admin}x` })).status).toBe(401);
  });
});
