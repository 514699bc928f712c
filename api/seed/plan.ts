import { planAssignments, type AssignmentSeed } from './assignments.ts';
import { planCargo, type CargoOperationSeed } from './cargo.ts';
import { generateFleet, type VesselSeed } from './fleet.ts';
import { planPortCalls, type PortCallSeed } from './port-calls.ts';
import { planPositions, type PositionSeed } from './positions.ts';
import { createRandom } from './random.ts';
import { planShifts, type ShiftSeed } from './shifts.ts';
import { generateStaff, type StaffSeed } from './staff.ts';

export interface DemoPortPlan {
  vessels: VesselSeed[];
  staff: StaffSeed[];
  shifts: ShiftSeed[];
  calls: PortCallSeed[];
  cargo: CargoOperationSeed[];
  assignments: AssignmentSeed[];
  positions: PositionSeed[];
}

export const defaultVesselCount = 160;
export const defaultSeed = 20_260_439;

/**
 * The whole demo port in memory, references as array indexes. Pure and deterministic:
 * the same seed, vessel count and `now` give the same plan.
 */
export function planDemoPort(options: { vessels?: number; now: Date; seed?: number }): DemoPortPlan {
  const random = createRandom(options.seed ?? defaultSeed);
  const vessels = generateFleet(random, options.vessels ?? defaultVesselCount);
  const staff = generateStaff(random);
  const calls = planPortCalls(random, vessels, options.now);
  const cargo = planCargo(random, vessels, calls, options.now);
  return {
    vessels,
    staff,
    shifts: planShifts(staff, options.now),
    calls,
    cargo,
    assignments: planAssignments(staff, calls, cargo, options.now),
    positions: planPositions(random, calls, options.now),
  };
}
