import type { Answer, RequestBody, Schema } from '../../lib/api-contract/index.ts';
import type { Random } from '../seed/random.ts';
import { shiftAt, shiftRequirements, staffRoles, type StaffRole } from '../seed/staff.ts';
import { ApiError, type ApiClient } from './api-client.ts';
import type { Staff } from './world.ts';

type Shift = Pick<Schema<'Shift'>, 'id' | 'starts_at' | 'staff_ids'>;

const conflict = (err: unknown) => err instanceof ApiError && err.status === 409;

/** The shift starting at the window's start, created with the standard requirements when missing. */
async function ensureShift(api: ApiClient, offset: number, now: Date): Promise<Shift> {
  const window = shiftAt(now, offset);
  const at = new Date(window.startsAt.getTime() + 60_000).toISOString();
  const { items } = await api.get<Answer<'listShifts'>>(`/shifts?at=${encodeURIComponent(at)}`);
  const found = items.find((s) => new Date(s.starts_at).getTime() === window.startsAt.getTime());
  if (found) return found;
  const body: RequestBody<'createShift'> = {
    name: window.name,
    starts_at: window.startsAt.toISOString(),
    ends_at: window.endsAt.toISOString(),
    requirements: shiftRequirements,
  };
  return api.post<Answer<'createShift', 201>>('/shifts', body);
}

/**
 * Makes sure the current and the next shift exist and rosters them from staff not on the other
 * one. A well-run port meets every requirement: a short current shift (the demo port starts
 * with one) gets people called in. With `short` (the understaffed-shift scenario) the current
 * shift is left as it is and the next one a person short in one role, rotating from shift to
 * shift, as real rosters often are. Returns how many people were added.
 */
export async function rosterShifts(
  api: ApiClient,
  staff: readonly Staff[],
  now: Date,
  options: { short: boolean },
): Promise<number> {
  const current = await ensureShift(api, 0, now);
  const next = await ensureShift(api, 1, now);
  const onCurrent = new Set(current.staff_ids ?? []);
  const onNext = new Set(next.staff_ids ?? []);
  let added = 0;
  if (!options.short) added += await fillShift(api, staff, current, onCurrent, onNext, undefined);
  const slot = Math.floor(new Date(next.starts_at).getTime() / 3_600_000 / 8);
  const shortRole = options.short ? (staffRoles[slot % staffRoles.length] as StaffRole) : undefined;
  added += await fillShift(api, staff, next, onNext, onCurrent, shortRole);
  return added;
}

/** Adds people to a shift until each role meets its requirement (one short in `shortRole`). */
async function fillShift(
  api: ApiClient,
  staff: readonly Staff[],
  shift: Shift,
  rostered: Set<number>,
  busy: ReadonlySet<number>,
  shortRole: StaffRole | undefined,
): Promise<number> {
  let added = 0;
  for (const role of staffRoles) {
    const people = staff.filter((p) => p.active && p.role === role);
    const want = shiftRequirements[role] - (role === shortRole ? 1 : 0);
    let have = people.filter((p) => rostered.has(p.id)).length;
    for (const person of people) {
      if (have >= want) break;
      if (rostered.has(person.id) || busy.has(person.id)) continue;
      try {
        await api.post(`/shifts/${shift.id}/staff`, { staff_id: person.id });
        added++;
      } catch (err) {
        if (!conflict(err)) throw err;
      }
      rostered.add(person.id);
      have++;
    }
  }
  return added;
}

/**
 * Assigns someone of the role to a port call (or one of its cargo operations): tries a few
 * people, since the API refuses (409) anyone already on an overlapping assignment.
 */
export async function assignSomeone(
  api: ApiClient,
  staff: readonly Staff[],
  random: Random,
  role: StaffRole,
  work: { portCallId: number; cargoOperationId?: number; startsAt: Date; endsAt: Date },
): Promise<boolean> {
  // People already at work when this starts are skipped; the API still has the last word.
  const { items } = await api.get<{ items: { staff_id: number }[] }>(
    `/assignments?at=${encodeURIComponent(work.startsAt.toISOString())}&limit=500`,
  );
  const busy = new Set(items.map((a) => a.staff_id));
  const candidates = random
    .shuffle(staff.filter((p) => p.active && p.role === role && !busy.has(p.id)))
    .slice(0, 4);
  for (const person of candidates) {
    try {
      await api.post('/assignments', {
        staff_id: person.id,
        port_call_id: work.portCallId,
        ...(work.cargoOperationId !== undefined ? { cargo_operation_id: work.cargoOperationId } : {}),
        starts_at: work.startsAt.toISOString(),
        ends_at: work.endsAt.toISOString(),
      });
      return true;
    } catch (err) {
      if (!conflict(err)) throw err;
    }
  }
  return false;
}
