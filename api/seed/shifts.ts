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
  return rosterShifts(
    staff,
    [-1, 0, 1].map((offset) => ({ ...shiftAt(now, offset), short: shortfall[offset] ?? {} })),
  );
}

/**
 * Rosters consecutive shifts with the standard requirements, each role's active staff taken in
 * rotation (so nobody works two shifts back to back), `short` people fewer where given.
 */
export function rosterShifts(
  staff: readonly StaffSeed[],
  windows: readonly (ShiftWindow & { short?: Partial<Record<StaffRole, number>> })[],
): ShiftSeed[] {
  const rotation = new Map<StaffRole, number>();
  const people = new Map(
    staffRoles.map((role) => [role, staff.flatMap((s, i) => (s.active && s.role === role ? [i] : []))]),
  );
  return windows.map(({ short, ...window }) => {
    const roster: number[] = [];
    for (const role of staffRoles) {
      const team = people.get(role) ?? [];
      const wanted = Math.max(0, shiftRequirements[role] - (short?.[role] ?? 0));
      const start = rotation.get(role) ?? 0;
      const count = Math.min(wanted, team.length);
      for (let k = 0; k < count; k++) roster.push(team[(start + k) % team.length] as number);
      rotation.set(role, (start + count) % Math.max(1, team.length));
    }
    return { ...window, requirements: { ...shiftRequirements }, roster };
  });
}
