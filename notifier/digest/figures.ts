import type { Pool } from '../../lib/db/pool.ts';

export interface DigestFigures {
  from: string;
  to: string;
  arrivals: number;
  departures: number;
  cargo: Array<{ category: string; direction: string; unit: string; quantity: number }>;
  berths: { total: number; occupiedNow: number; occupancyRatio: number };
  staffingGaps: Array<{ shift: string; startsAt: string; role: string; required: number; rostered: number }>;
  alerts: Array<{ alertname: string; severity: string; fired: number }>;
}

/**
 * The last 24 hours (or any window) of port business, read from the port database the API
 * owns, and the alerts fired, read from the notifier's own outbox. Read-only.
 */
export async function digestFigures(pool: Pool, to: Date, hours = 24): Promise<DigestFigures> {
  const from = new Date(to.getTime() - hours * 3_600_000);
  const window = [from.toISOString(), to.toISOString()];

  const [events, cargo, berths, gaps, alerts] = await Promise.all([
    pool.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM port_call_events
       WHERE at >= $1 AND at < $2 AND type IN ('arrived', 'departed') GROUP BY type`,
      window,
    ),
    pool.query<{ category: string; direction: string; unit: string; quantity: number }>(
      `SELECT o.category, o.direction, o.unit, sum(p.quantity_delta)::float8 AS quantity
       FROM cargo_progress p JOIN cargo_operations o ON o.id = p.cargo_operation_id
       WHERE p.at >= $1 AND p.at < $2
       GROUP BY o.category, o.direction, o.unit ORDER BY o.category, o.direction, o.unit`,
      window,
    ),
    // Occupancy over the window: berth-seconds used by port calls / berth-seconds available.
    pool.query<{ total: number; occupied_now: number; used_seconds: number }>(
      `SELECT (SELECT count(*)::int FROM berths) AS total,
              (SELECT count(*)::int FROM port_calls WHERE status = 'berthed') AS occupied_now,
              coalesce((SELECT sum(extract(epoch FROM
                         least(coalesce(departed_at, $2::timestamptz), $2::timestamptz)
                         - greatest(berthed_at, $1::timestamptz)))
                        FROM port_calls
                        WHERE berthed_at IS NOT NULL AND berthed_at < $2
                          AND coalesce(departed_at, $2::timestamptz) > $1), 0)::float8 AS used_seconds`,
      window,
    ),
    pool.query<{ shift: string; starts_at: Date; role: string; required: number; rostered: number }>(
      `SELECT s.name AS shift, s.starts_at, r.role, r.required,
              count(st.id) FILTER (WHERE st.active)::int AS rostered
       FROM shifts s
       JOIN shift_requirements r ON r.shift_id = s.id
       LEFT JOIN shift_staff ss ON ss.shift_id = s.id
       LEFT JOIN staff st ON st.id = ss.staff_id AND st.role = r.role
       WHERE s.starts_at < $2 AND s.ends_at > $1
       GROUP BY s.id, s.name, s.starts_at, r.role, r.required
       HAVING count(st.id) FILTER (WHERE st.active) < r.required
       ORDER BY s.starts_at, r.role`,
      window,
    ),
    pool.query<{ alertname: string; severity: string; fired: number }>(
      `SELECT a->'labels'->>'alertname' AS alertname,
              coalesce(a->'labels'->>'severity', 'none') AS severity,
              count(DISTINCT (a->>'fingerprint') || (a->>'startsAt'))::int AS fired
       FROM notifier_notifications n, jsonb_array_elements(n.payload->'alerts') a
       WHERE n.kind = 'alert' AND a->>'status' = 'firing' AND n.received_at >= $1 AND n.received_at < $2
       GROUP BY 1, 2 ORDER BY fired DESC, alertname`,
      window,
    ),
  ]);

  const count = (type: string) => events.rows.find((r) => r.type === type)?.n ?? 0;
  const b = berths.rows[0] ?? { total: 0, occupied_now: 0, used_seconds: 0 };
  const available = b.total * hours * 3600;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    arrivals: count('arrived'),
    departures: count('departed'),
    cargo: cargo.rows,
    berths: {
      total: b.total,
      occupiedNow: b.occupied_now,
      occupancyRatio: available ? Math.min(1, b.used_seconds / available) : 0,
    },
    staffingGaps: gaps.rows.map((g) => ({
      shift: g.shift,
      startsAt: g.starts_at.toISOString(),
      role: g.role,
      required: g.required,
      rostered: g.rostered,
    })),
    alerts: alerts.rows,
  };
}
