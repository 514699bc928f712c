import { staffRoles, type StaffRole } from '../../lib/domain/vocabulary.ts';
import type { Random } from './random.ts';

export { staffRoles, type StaffRole };

export interface StaffSeed {
  employeeNo: string;
  name: string;
  role: StaffRole;
  active: boolean;
}

/** Head count per role for the demo port's roughly 80 people. */
const headcount: Record<StaffRole, number> = {
  pilot: 10,
  tug_master: 8,
  mooring: 16,
  stevedore: 22,
  crane_operator: 12,
  inspector: 6,
  coordinator: 6,
};

const given = [
  'Javier',
  'Lucía',
  'Carlos',
  'Marta',
  'Vicente',
  'Amparo',
  'José',
  'Laura',
  'Pablo',
  'Elena',
  'Andrés',
  'Rosa',
  'Miguel',
  'Nuria',
  'Sergio',
  'Paula',
  'Raúl',
  'Carmen',
  'Diego',
  'Inés',
  'Jorge',
  'Sara',
  'Toni',
  'Pilar',
];
const family = [
  'García',
  'Martínez',
  'Ferrer',
  'Navarro',
  'Sanchis',
  'López',
  'Soler',
  'Ortega',
  'Gil',
  'Moreno',
  'Pérez',
  'Vidal',
  'Ribes',
  'Llorens',
  'Torres',
  'Romero',
  'Castells',
  'Monzó',
  'Peris',
  'Alonso',
];

export function generateStaff(random: Random): StaffSeed[] {
  const staff: StaffSeed[] = [];
  for (const role of staffRoles) {
    for (let i = 0; i < headcount[role]; i++) {
      staff.push({
        employeeNo: `VLC-${String(staff.length + 1).padStart(4, '0')}`,
        name: `${random.pick(given)} ${random.pick(family)} ${random.pick(family)}`,
        role,
        // One stevedore is on long leave: inactive staff must not be rostered or assigned.
        active: !(role === 'stevedore' && i === headcount[role] - 1),
      });
    }
  }
  return staff;
}

export const shiftHours = 8;
/** Shifts start at 06:00, 14:00 and 22:00 UTC. */
const firstShiftHourUtc = 6;
const shiftNames = ['Morning', 'Afternoon', 'Night'] as const;

export interface ShiftWindow {
  name: string;
  startsAt: Date;
  endsAt: Date;
}

/** The shift covering `at`, and `offset` shifts after it (negative for earlier ones). */
export function shiftAt(at: Date, offset = 0): ShiftWindow {
  const hourMs = 3_600_000;
  const shiftMs = shiftHours * hourMs;
  const anchor = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), firstShiftHourUtc);
  const index = Math.floor((at.getTime() - anchor) / shiftMs) + offset;
  const startsAt = new Date(anchor + index * shiftMs);
  const slot = ((((startsAt.getUTCHours() - firstShiftHourUtc) / shiftHours) % 3) + 3) % 3;
  return {
    name: `${shiftNames[slot]} ${startsAt.toISOString().slice(0, 10)}`,
    startsAt,
    endsAt: new Date(startsAt.getTime() + shiftMs),
  };
}

/** How many of each role one shift needs. */
export const shiftRequirements: Record<StaffRole, number> = {
  pilot: 3,
  tug_master: 2,
  mooring: 4,
  stevedore: 8,
  crane_operator: 4,
  inspector: 1,
  coordinator: 1,
};
