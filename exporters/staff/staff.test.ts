import { describe, expect, it } from 'vitest';
import { exporters } from '../../lib/catalog/exporters.ts';
import { staffRoles } from '../domains.ts';
import { type CraftedPort, secondsSince, standardShift, sumBy, H } from '../testing/crafted-port.ts';
import type { Scrape } from '../testing/scrape.ts';
import { useCraftedPort } from '../testing/use-crafted-port.ts';

let port: CraftedPort;
let metrics: Scrape;
useCraftedPort('exporters_staff', (run) => ({ port, metrics } = run));

const now = () => Date.now();

describe('staffing', () => {
  const current = () =>
    port.shifts.filter((s) => s.starts_at.getTime() <= now() && s.ends_at.getTime() > now());
  const staffById = (id: number) => Object.values(port.staff).find((s) => s.id === id)!;

  it('reports rostered, required and assigned staff per role and the coverage', () => {
    const shifts = current();
    expect(shifts.length).toBe(1);
    const shift = shifts[0]!;
    for (const role of staffRoles) {
      const rostered = shift.staff.map(staffById).filter((s) => s.active && s.role === role).length;
      const required = shift.requirements[role] ?? 0;
      const assigned = new Set(
        port.assignments
          .filter((a) => a.starts_at < shift.ends_at && a.ends_at > shift.starts_at)
          .map((a) => staffById(a.staff_id))
          .filter((s) => s.active && s.role === role),
      ).size;
      expect(metrics.value(exporters.staffOnShift.name, { role }), role).toBe(rostered);
      expect(metrics.value(exporters.staffRequired.name, { role }), role).toBe(required);
      expect(metrics.value(exporters.staffAssigned.name, { role }), role).toBe(assigned);
      expect(metrics.value(exporters.staffCoverage.name, { role }), role).toBeCloseTo(
        required ? rostered / required : 1,
        9,
      );
    }
  });

  it('counts active operations nobody is assigned to', () => {
    const active = port.ops.filter((o) => ['planned', 'in_progress', 'stalled'].includes(o.status));
    const unstaffed = active.filter(
      (o) => !port.assignments.some((a) => a.cargo_operation_id === o.id && a.ends_at.getTime() > now()),
    );
    expect(unstaffed.length).toBe(1);
    expect(metrics.value(exporters.operationsUnstaffed.name)).toBe(unstaffed.length);
  });

  it('reports overtime: rostered time per person and UTC day beyond the standard shift, last 7 days', () => {
    const perPersonDay = new Map<string, { role: string; seconds: number }>();
    for (const shift of port.shifts) {
      if (shift.starts_at.getTime() > now() || secondsSince(shift.starts_at) > 7 * 24 * H) continue;
      for (const id of shift.staff) {
        const key = `${id}/${shift.starts_at.toISOString().slice(0, 10)}`;
        const entry = perPersonDay.get(key) ?? { role: staffById(id).role, seconds: 0 };
        entry.seconds += (shift.ends_at.getTime() - shift.starts_at.getTime()) / 1000;
        perPersonDay.set(key, entry);
      }
    }
    for (const role of staffRoles) {
      const expected = sumBy(
        [...perPersonDay.values()].filter((e) => e.role === role),
        (e) => Math.max(0, e.seconds - standardShift),
      );
      expect(metrics.value(exporters.staffOvertime.name, { role }), role).toBeCloseTo(expected, 3);
    }
    expect(metrics.value(exporters.staffOvertime.name, { role: 'stevedore' })).toBeGreaterThan(0);
  });
});
