import {
  shiftAt,
  shiftRequirements,
  staffRoles,
  type ShiftWindow,
  type StaffRole,
  type StaffSeed,
} from './staff.ts';

export interface ShiftSeed extends ShiftWindow {
  requirements: Record<StaffRole, number>;
  /** Indexes into the staff list. */
  roster: number[];
}

/** People each shift is short of, by role: the current shift lacks crane operators. */
const shortfall: Record<number, Partial<Record<StaffRole, number>>> = {
  [-1]: {},
  0: { crane_operator: 2, stevedore: 1 },
  1: { coordinator: 1 },
};

/**
 * The previous, current and next 8-hour shifts, each with the standard requirements and a
 * roster drawn from active staff in rotation, so nobody works two shifts back to back.
 */
export function planShifts(staff: readonly StaffSeed[], now: Date): ShiftSeed[] {
  const rotation = new Map<StaffRole, number>();
  return [-1, 0, 1].map((offset) => {
    const roster: number[] = [];
    for (const role of staffRoles) {
      const people = staff.flatMap((s, i) => (s.active && s.role === role ? [i] : []));
      const wanted = Math.max(0, shiftRequirements[role] - (shortfall[offset]?.[role] ?? 0));
      const start = rotation.get(role) ?? 0;
      const count = Math.min(wanted, people.length);
      for (let k = 0; k < count; k++) roster.push(people[(start + k) % people.length] as number);
      rotation.set(role, (start + count) % Math.max(1, people.length));
    }
    return { ...shiftAt(now, offset), requirements: { ...shiftRequirements }, roster };
  });
}
