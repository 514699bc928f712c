import type { PoolClient } from '../../lib/db/pool.ts';
import { type Collector, num, type Reading, type Sample, zeroFilled } from '../core/collector.ts';
import { activeCargoStatuses, sqlList, staffRoles } from '../domains.ts';

export interface StaffingOptions {
  intervalSeconds: number;
  /** Rostered time per person and UTC day beyond this is overtime. */
  standardShiftSeconds: number;
  /** Bounds the windows scanned: no shift or assignment is longer than this. */
  longestShiftSeconds: number;
}

// Shifts covering now. starts_at is bounded below so index shifts_time reads a window, not history.
const currentShifts = `
  SELECT id, starts_at, ends_at FROM shifts
   WHERE starts_at <= now() AND starts_at > now() - make_interval(secs => $1) AND ends_at > now()`;

/**
 * Staffing of the current shift (all shifts covering now): rostered, required and assigned staff
 * per role, coverage, active cargo operations nobody is assigned to, and overtime over 7 days.
 */
export function staffingCollector(options: StaffingOptions): Collector {
  return {
    name: 'staffing',
    intervalSeconds: options.intervalSeconds,
    gauges: [
      'staffOnShift',
      'staffRequired',
      'staffAssigned',
      'staffCoverage',
      'operationsUnstaffed',
      'staffOvertime',
    ],
    counters: [],
    async refresh(db: PoolClient): Promise<Reading> {
      const longest = options.longestShiftSeconds;
      const rostered = await perRole(
        db,
        `WITH cur AS (${currentShifts})
         SELECT s.role, count(DISTINCT s.id) AS value
           FROM cur JOIN shift_staff ss ON ss.shift_id = cur.id JOIN staff s ON s.id = ss.staff_id
          WHERE s.active GROUP BY s.role`,
        [longest],
      );
      const required = await perRole(
        db,
        `WITH cur AS (${currentShifts})
         SELECT r.role, sum(r.required) AS value
           FROM cur JOIN shift_requirements r ON r.shift_id = cur.id GROUP BY r.role`,
        [longest],
      );
      // Assignments overlapping the current shifts' span. The span is read first and passed as
      // values: with it known, the planner reads a slice of index assignments_time; left inside
      // the query it guesses a wide range and probes every person's assignments instead
      // (900 buffer pages instead of 16 at 10M positions).
      const { rows: spans } = await db.query<{ s: string | null; e: string | null }>(
        `SELECT min(starts_at)::text AS s, max(ends_at)::text AS e FROM (${currentShifts}) cur`,
        [longest],
      );
      const span = spans[0];
      const assigned =
        span?.s && span.e
          ? await perRole(
              db,
              `SELECT st.role, count(DISTINCT st.id) AS value
                 FROM assignments a JOIN staff st ON st.id = a.staff_id
                WHERE a.starts_at < $2::timestamptz AND a.ends_at > $1::timestamptz
                  AND a.starts_at > $1::timestamptz - make_interval(secs => $3) AND st.active
                GROUP BY st.role`,
              [span.s, span.e, longest],
            )
          : zeroFilled({ role: staffRoles }, []);
      const overtime = await perRole(
        db,
        `SELECT role, sum(extra) AS value FROM (
           SELECT s.role, greatest(0, sum(extract(epoch FROM sh.ends_at - sh.starts_at)) - $1) AS extra
             FROM shifts sh JOIN shift_staff ss ON ss.shift_id = sh.id JOIN staff s ON s.id = ss.staff_id
            WHERE sh.starts_at > now() - interval '7 days' AND sh.starts_at <= now()
            GROUP BY s.id, s.role, (sh.starts_at AT TIME ZONE 'UTC')::date) AS per_day
          GROUP BY role`,
        [options.standardShiftSeconds],
      );
      const unstaffed = await db.query<{ unstaffed: number; active: number }>(
        `SELECT count(*) FILTER (WHERE NOT EXISTS (
                  SELECT 1 FROM assignments a WHERE a.cargo_operation_id = co.id AND a.ends_at > now())) AS unstaffed,
                count(*) AS active
           FROM cargo_operations co WHERE co.status IN (${sqlList(activeCargoStatuses)})`,
      );
      const valueOf = (samples: Sample[], role: string) =>
        samples.find((s) => s.labels.role === role)?.value ?? 0;
      return {
        gauges: {
          staffOnShift: rostered,
          staffRequired: required,
          staffAssigned: assigned,
          // Nothing required counts as fully covered.
          staffCoverage: staffRoles.map((role) => {
            const need = valueOf(required, role);
            return { labels: { role }, value: need > 0 ? valueOf(rostered, role) / need : 1 };
          }),
          operationsUnstaffed: [{ labels: {}, value: num(unstaffed.rows[0]?.unstaffed) }],
          staffOvertime: overtime,
        },
        counters: {},
        rowsScanned:
          [rostered, required, assigned].flat().reduce((n, s) => n + s.value, 0) +
          num(unstaffed.rows[0]?.active),
      };
    },
  };
}

async function perRole(db: PoolClient, sql: string, params: unknown[]): Promise<Sample[]> {
  const { rows } = await db.query<{ role: string; value: number }>(sql, params);
  return zeroFilled(
    { role: staffRoles },
    rows.map((r) => ({ labels: { role: r.role }, value: num(r.value) })),
  );
}
