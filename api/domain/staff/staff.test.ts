import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, vesselBody, type TestApi } from '../../testing/test-api.ts';

let t: TestApi;
let token: string;
const api = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token, body });

beforeAll(async () => {
  t = await startTestApi('staff');
  token = t.tokens.operator;
});
afterAll(() => t?.close());

describe('staff, shifts and assignments', () => {
  it('keeps rosters and refuses duplicates', async () => {
    const pilot = await api('POST', '/staff', { employee_no: 'E-1', name: 'Ana Pilot', role: 'pilot' });
    expect(pilot.status).toBe(201);
    expect(
      (await api('POST', '/staff', { employee_no: 'E-1', name: 'Other', role: 'mooring' })).body.reason,
    ).toBe('duplicate_employee_no');

    const shift = await api('POST', '/shifts', {
      name: 'Morning',
      starts_at: '2026-06-01T06:00:00Z',
      ends_at: '2026-06-01T14:00:00Z',
      requirements: { pilot: 2, mooring: 4 },
    });
    expect(shift.body).toMatchObject({ requirements: { pilot: 2, mooring: 4 }, staff_ids: [] });
    const backwards = await api('POST', '/shifts', {
      name: 'x',
      starts_at: '2026-06-01T06:00:00Z',
      ends_at: '2026-06-01T05:00:00Z',
    });
    expect(backwards.body.details[0].path).toBe('body.ends_at');

    const rostered = await api('POST', `/shifts/${shift.body.id}/staff`, { staff_id: pilot.body.id });
    expect(rostered.body.staff_ids).toEqual([pilot.body.id]);
    expect(
      (await api('POST', `/shifts/${shift.body.id}/staff`, { staff_id: pilot.body.id })).body.reason,
    ).toBe('already_on_roster');
    expect((await api('GET', '/shifts?at=2026-06-01T07:00:00Z')).body.total).toBe(1);
    expect((await api('GET', '/shifts?at=2026-06-01T15:00:00Z')).body.total).toBe(0);
    expect((await api('GET', '/staff?role=pilot&active=true')).body.total).toBe(1);
  });

  it('refuses overlapping, inactive, closed-call and mismatched assignments with 409', async () => {
    const person = (
      await api('POST', '/staff', { employee_no: 'E-2', name: 'Bo Crane', role: 'crane_operator' })
    ).body;
    const vessel = (await api('POST', '/vessels', vesselBody())).body;
    const call = (await api('POST', '/port-calls', { vessel_id: vessel.id, eta: '2026-06-01T08:00:00Z' }))
      .body;
    const slot = {
      staff_id: person.id,
      port_call_id: call.id,
      starts_at: '2026-06-01T08:00:00Z',
      ends_at: '2026-06-01T12:00:00Z',
    };
    expect((await api('POST', '/assignments', slot)).status).toBe(201);
    const overlap = await api('POST', '/assignments', {
      ...slot,
      starts_at: '2026-06-01T11:00:00Z',
      ends_at: '2026-06-01T13:00:00Z',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.reason).toBe('overlapping_assignment');
    // Touching ends do not overlap.
    expect(
      (
        await api('POST', '/assignments', {
          ...slot,
          starts_at: '2026-06-01T12:00:00Z',
          ends_at: '2026-06-01T13:00:00Z',
        })
      ).status,
    ).toBe(201);

    const otherVessel = (await api('POST', '/vessels', vesselBody())).body;
    const otherCall = (
      await api('POST', '/port-calls', { vessel_id: otherVessel.id, eta: '2026-06-01T08:00:00Z' })
    ).body;
    const foreignOp = (
      await api('POST', '/cargo-operations', {
        port_call_id: otherCall.id,
        direction: 'load',
        category: 'breakbulk',
        quantity: 5,
        unit: 'units',
      })
    ).body;
    const mismatch = await api('POST', '/assignments', {
      ...slot,
      starts_at: '2026-06-02T08:00:00Z',
      ends_at: '2026-06-02T09:00:00Z',
      cargo_operation_id: foreignOp.id,
    });
    expect(mismatch.body.reason).toBe('cargo_operation_mismatch');

    await api('POST', `/port-calls/${otherCall.id}/events`, {
      type: 'cancelled',
      at: '2026-06-01T09:00:00Z',
    });
    const closed = await api('POST', '/assignments', {
      ...slot,
      port_call_id: otherCall.id,
      starts_at: '2026-06-03T08:00:00Z',
      ends_at: '2026-06-03T09:00:00Z',
    });
    expect(closed.body.reason).toBe('port_call_closed');

    await t.pool.query('UPDATE staff SET active = false WHERE id = $1', [person.id]);
    const inactive = await api('POST', '/assignments', {
      ...slot,
      starts_at: '2026-06-04T08:00:00Z',
      ends_at: '2026-06-04T09:00:00Z',
    });
    expect(inactive.body.reason).toBe('staff_inactive');

    const listed = await api('GET', `/assignments?staff_id=${person.id}&at=2026-06-01T09:00:00Z`);
    expect(listed.body.total).toBe(1);
  });

  it('lets only one of two concurrent overlapping assignments through', async () => {
    const person = (await api('POST', '/staff', { employee_no: 'E-3', name: 'Cy Race', role: 'mooring' }))
      .body;
    const vessel = (await api('POST', '/vessels', vesselBody())).body;
    const call = (await api('POST', '/port-calls', { vessel_id: vessel.id, eta: '2026-06-01T08:00:00Z' }))
      .body;
    const slot = {
      staff_id: person.id,
      port_call_id: call.id,
      starts_at: '2026-06-05T08:00:00Z',
      ends_at: '2026-06-05T12:00:00Z',
    };
    const answers = await Promise.all([1, 2, 3].map(() => api('POST', '/assignments', slot)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  });
});
