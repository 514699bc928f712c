import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, vesselBody, type TestApi } from '../../testing/test-api.ts';

let t: TestApi;
let token: string;
const post = (path: string, body: unknown) => t.request('POST', `/api/v1${path}`, { token, body });
const event = (id: number, body: Record<string, unknown>) => post(`/port-calls/${id}/events`, body);
const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 8, minutes)).toISOString();

beforeAll(async () => {
  t = await startTestApi('port_calls');
  token = t.tokens.operator;
});
afterAll(() => t?.close());

async function create(path: string, body: unknown) {
  const answer = await post(path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: number; [k: string]: unknown };
}

describe('port calls', () => {
  it('walks expected -> at_anchorage -> berthed -> departed and refuses every conflict with a reason', async () => {
    const vessel = await create('/vessels', vesselBody({ length_m: 250 }));
    const other = await create('/vessels', vesselBody({ length_m: 150 }));
    const longBerth = await create('/berths', { code: 'A1', name: 'Long quay', max_length_m: 300 });
    const shortBerth = await create('/berths', { code: 'B1', name: 'Short quay', max_length_m: 200 });
    const waypoints = {
      type: 'LineString',
      coordinates: [
        [-0.3, 39.4],
        [-0.31, 39.45],
      ],
    };
    const closedRoute = await create('/routes', {
      code: 'N',
      name: 'North',
      direction: 'entry',
      waypoints,
      status: 'closed',
    });
    const openRoute = await create('/routes', { code: 'S', name: 'South', direction: 'both', waypoints });

    const call = await create('/port-calls', { vessel_id: vessel.id, eta: at(0) });
    expect(call.status).toBe('expected');

    const reasonOf = async (pending: Promise<{ status: number; body: { reason?: string } }>) => {
      const answer = await pending;
      expect(answer.status).toBe(409);
      return answer.body.reason;
    };
    expect(await reasonOf(post('/port-calls', { vessel_id: vessel.id, eta: at(5) }))).toBe(
      'vessel_has_open_port_call',
    );
    expect(await reasonOf(event(call.id, { type: 'berthed', at: at(1), berth_id: longBerth.id }))).toBe(
      'invalid_transition',
    );
    expect(await reasonOf(event(call.id, { type: 'departed', at: at(1) }))).toBe('invalid_transition');
    const otherCall = await create('/port-calls', {
      vessel_id: other.id,
      eta: at(0),
      berth_id: shortBerth.id,
    });

    expect(
      (await event(call.id, { type: 'arrived', at: at(10), route_id: closedRoute.id })).body.reason,
    ).toBe('route_closed');
    const arrived = await event(call.id, { type: 'arrived', at: at(10), route_id: openRoute.id });
    expect(arrived.status).toBe(201);
    expect(arrived.body).toMatchObject({ status: 'at_anchorage', entry_route_id: openRoute.id });
    expect((await event(call.id, { type: 'arrived', at: at(11) })).body.reason).toBe('invalid_transition');
    expect((await event(call.id, { type: 'berthed', at: at(12) })).body.reason).toBe('berth_required');
    expect((await event(call.id, { type: 'berthed', at: at(12), berth_id: shortBerth.id })).body.reason).toBe(
      'vessel_too_long',
    );
    expect((await event(call.id, { type: 'berthed', at: at(5), berth_id: longBerth.id })).body.reason).toBe(
      'event_out_of_order',
    );

    // The other (shorter) vessel takes the long berth first.
    expect((await event(otherCall.id, { type: 'arrived', at: at(3) })).status).toBe(201);
    expect((await event(otherCall.id, { type: 'berthed', at: at(4), berth_id: longBerth.id })).status).toBe(
      201,
    );
    const taken = await event(call.id, { type: 'berthed', at: at(20), berth_id: longBerth.id });
    expect(taken.status).toBe(409);
    expect(taken.body.reason).toBe('berth_occupied');
    expect((await event(otherCall.id, { type: 'departed', at: at(21) })).status).toBe(201);

    const berthed = await event(call.id, { type: 'berthed', at: at(30), berth_id: longBerth.id });
    expect(berthed.body).toMatchObject({ status: 'berthed', berth_id: longBerth.id });
    expect((await event(call.id, { type: 'cancelled', at: at(31) })).body.reason).toBe('invalid_transition');
    expect(
      (await event(call.id, { type: 'departed', at: at(40), route_id: openRoute.id })).body,
    ).toMatchObject({
      status: 'departed',
      exit_route_id: openRoute.id,
    });

    const detail = await t.request('GET', `/api/v1/port-calls/${call.id}`, { token });
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'arrived',
      'berthed',
      'departed',
    ]);
    const departedList = await t.request('GET', '/api/v1/port-calls?status=departed', { token });
    expect(departedList.body.total).toBe(2);

    const deleteVessel = await t.request('DELETE', `/api/v1/vessels/${vessel.id}`, { token });
    expect(deleteVessel.status).toBe(409);
    expect(deleteVessel.body.reason).toBe('vessel_has_port_calls');

    const metrics = await (await fetch(`${t.api.url}/metrics`)).text();
    expect(metrics).toContain('porttrack_port_call_events_total{type="arrived"} 2');
    expect(metrics).toContain('porttrack_port_call_events_total{type="departed"} 2');
  });

  it('refuses calls for unknown, inactive or too-long vessels, and cancels from expected', async () => {
    expect((await post('/port-calls', { vessel_id: 999_999, eta: at(0) })).status).toBe(404);
    const retired = await create('/vessels', vesselBody({ status: 'decommissioned' }));
    expect((await post('/port-calls', { vessel_id: retired.id, eta: at(0) })).body.reason).toBe(
      'vessel_not_active',
    );
    const big = await create('/vessels', vesselBody({ length_m: 400 }));
    const berth = await create('/berths', { code: 'C1', name: 'Small', max_length_m: 100 });
    expect(
      (await post('/port-calls', { vessel_id: big.id, eta: at(0), berth_id: berth.id })).body.reason,
    ).toBe('vessel_too_long');
    const call = await create('/port-calls', { vessel_id: big.id, eta: at(0) });
    expect((await event(call.id, { type: 'cancelled', at: at(1) })).body.status).toBe('cancelled');
    expect((await event(call.id, { type: 'arrived', at: at(2) })).body.reason).toBe('invalid_transition');
    expect((await event(999_999, { type: 'arrived', at: at(2) })).status).toBe(404);
  });
});
