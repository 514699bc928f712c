import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, vesselBody, type TestApi } from '../../testing/test-api.ts';

let t: TestApi;
let token: string;
const api = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token, body });

beforeAll(async () => {
  t = await startTestApi('cargo');
  token = t.tokens.operator;
});
afterAll(() => t?.close());

async function openCall() {
  const vessel = (await api('POST', '/vessels', vesselBody())).body;
  return (await api('POST', '/port-calls', { vessel_id: vessel.id, eta: '2026-06-01T08:00:00Z' })).body as {
    id: number;
  };
}

describe('cargo operations', () => {
  it('progresses planned -> in_progress -> completed and counts the completion by category', async () => {
    const call = await openCall();
    const op = await api('POST', '/cargo-operations', {
      port_call_id: call.id,
      direction: 'unload',
      category: 'containers',
      quantity: 100,
      unit: 'teu',
    });
    expect(op.status).toBe(201);
    expect(op.body).toMatchObject({ status: 'planned', quantity_done: 0 });
    const id = op.body.id;

    const first = await api('POST', `/cargo-operations/${id}/progress`, { quantity_delta: 40 });
    expect(first.body).toMatchObject({ status: 'in_progress', quantity_done: 40 });
    const over = await api('POST', `/cargo-operations/${id}/progress`, { quantity_delta: 61 });
    expect(over.status).toBe(409);
    expect(over.body.reason).toBe('exceeds_quantity');
    expect((await api('PATCH', `/cargo-operations/${id}`, { status: 'stalled' })).body.status).toBe(
      'stalled',
    );
    expect((await api('PATCH', `/cargo-operations/${id}`, { status: 'stalled' })).body.reason).toBe(
      'invalid_transition',
    );
    const done = await api('POST', `/cargo-operations/${id}/progress`, {
      quantity_delta: 60,
      at: '2026-06-01T12:00:00Z',
    });
    expect(done.body).toMatchObject({
      status: 'completed',
      quantity_done: 100,
      completed_at: '2026-06-01T12:00:00.000Z',
    });
    expect((await api('POST', `/cargo-operations/${id}/progress`, { quantity_delta: 1 })).body.reason).toBe(
      'invalid_transition',
    );
    expect((await api('PATCH', `/cargo-operations/${id}`, { status: 'cancelled' })).body.reason).toBe(
      'invalid_transition',
    );

    const progress = await t.pool.query(
      'SELECT sum(quantity_delta)::float AS total FROM cargo_progress WHERE cargo_operation_id = $1',
      [id],
    );
    expect(progress.rows[0].total).toBe(100);
    const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
    expect(metrics).toContain('porttrack_cargo_operations_completed_total{category="containers"} 1');

    const listed = await api(
      'GET',
      `/cargo-operations?port_call_id=${call.id}&status=completed&category=containers`,
    );
    expect(listed.body.total).toBe(1);
  });

  it('refuses cargo for a closed or unknown call, and status jumps the state machine forbids', async () => {
    const call = await openCall();
    const planned = (
      await api('POST', '/cargo-operations', {
        port_call_id: call.id,
        direction: 'load',
        category: 'dry_bulk',
        quantity: 5000.5,
        unit: 'tonnes',
      })
    ).body;
    expect((await api('PATCH', `/cargo-operations/${planned.id}`, { status: 'completed' })).body.reason).toBe(
      'invalid_transition',
    );
    expect((await api('PATCH', `/cargo-operations/${planned.id}`, { status: 'cancelled' })).body.status).toBe(
      'cancelled',
    );
    await api('POST', `/port-calls/${call.id}/events`, { type: 'cancelled', at: '2026-06-01T09:00:00Z' });
    const closed = await api('POST', '/cargo-operations', {
      port_call_id: call.id,
      direction: 'load',
      category: 'vehicles',
      quantity: 10,
      unit: 'units',
    });
    expect(closed.status).toBe(409);
    expect(closed.body.reason).toBe('port_call_closed');
    expect(
      (
        await api('POST', '/cargo-operations', {
          port_call_id: 999_999,
          direction: 'load',
          category: 'vehicles',
          quantity: 10,
          unit: 'units',
        })
      ).status,
    ).toBe(404);
    expect((await api('POST', '/cargo-operations/999999/progress', { quantity_delta: 1 })).status).toBe(404);
  });
});
