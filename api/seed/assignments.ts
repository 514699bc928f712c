import type { CargoOperationSeed } from './cargo.ts';
import type { PortCallSeed } from './port-calls.ts';
import type { StaffRole, StaffSeed } from './staff.ts';

export interface AssignmentSeed {
  staff: number;
  call: number;
  cargoOperation: number | null;
  startsAt: Date;
  endsAt: Date;
}

const hour = 3_600_000;
const maxAssignmentMs = 8 * hour;

/**
 * Hands out people by role without ever giving one person two overlapping assignments
 * (intervals are half-open, so back-to-back work is allowed). Picks rotate through each
 * role's staff so the work spreads over the team.
 */
export class StaffAllocator {
  private readonly busy = new Map<number, [number, number][]>();
  private readonly byRole = new Map<StaffRole, number[]>();
  private readonly turn = new Map<StaffRole, number>();

  constructor(staff: readonly StaffSeed[]) {
    staff.forEach((s, i) => {
      if (!s.active) return;
      this.byRole.set(s.role, [...(this.byRole.get(s.role) ?? []), i]);
    });
  }

  /** A free person of the role for [start, end), now booked; undefined when everyone is busy. */
  book(role: StaffRole, start: number, end: number): number | undefined {
    const people = this.byRole.get(role) ?? [];
    const first = this.turn.get(role) ?? 0;
    for (let k = 0; k < people.length; k++) {
      const person = people[(first + k) % people.length] as number;
      const intervals = this.busy.get(person) ?? [];
      if (intervals.some(([s, e]) => s < end && start < e)) continue;
      intervals.push([start, end]);
      this.busy.set(person, intervals);
      this.turn.set(role, (first + k + 1) % people.length);
      return person;
    }
    return undefined;
  }
}

/**
 * Who worked each call: pilot, tug master and mooring gang around berthing and departure,
 * an inspector on arrival, and for cargo work under way or done a crane operator and
 * stevedores over its last (at most eight) hours.
 */
export function planAssignments(
  staff: readonly StaffSeed[],
  calls: readonly PortCallSeed[],
  cargo: readonly CargoOperationSeed[],
  now: Date,
): AssignmentSeed[] {
  const allocator = new StaffAllocator(staff);
  const out: AssignmentSeed[] = [];
  const assign = (role: StaffRole, call: number, start: number, end: number, op: number | null = null) => {
    const person = allocator.book(role, start, end);
    if (person !== undefined)
      out.push({ staff: person, call, cargoOperation: op, startsAt: new Date(start), endsAt: new Date(end) });
  };
  calls.forEach((call, index) => {
    const arrived = call.arrivedAt?.getTime();
    if (arrived !== undefined) assign('inspector', index, arrived, arrived + hour);
    for (const at of [call.berthedAt, call.departedAt]) {
      if (!at) continue;
      const t = at.getTime();
      assign('pilot', index, t - hour, t);
      assign('tug_master', index, t - hour, t);
      assign('mooring', index, t - 0.5 * hour, t + 0.5 * hour);
      assign('mooring', index, t - 0.5 * hour, t + 0.5 * hour);
    }
    if (call.status === 'berthed' && call.berthedAt)
      assign('coordinator', index, call.berthedAt.getTime(), call.berthedAt.getTime() + 2 * hour);
  });
  cargo.forEach((op, index) => {
    if (!op.startedAt) return;
    const end = op.completedAt?.getTime() ?? now.getTime() + 4 * hour;
    const start = Math.max(op.startedAt.getTime(), end - maxAssignmentMs);
    assign('crane_operator', op.call, start, end, index);
    assign('stevedore', op.call, start, end, index);
    assign('stevedore', op.call, start, end, index);
  });
  return out;
}
