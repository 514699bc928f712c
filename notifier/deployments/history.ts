import type { Pool } from '../../lib/db/pool.ts';

/** The latest deployment per service and status, to restore the deployment gauge at start. */
export async function latestDeployments(
  pool: Pool,
): Promise<Array<{ service: string; status: string; at: string }>> {
  const { rows } = await pool.query<{ service: string; status: string; at: string }>(
    `SELECT DISTINCT ON (payload->>'service', status) payload->>'service' AS service, status, payload->>'at' AS at
     FROM notifier_notifications WHERE kind = 'deployment'
     ORDER BY payload->>'service', status, received_at DESC`,
  );
  return rows;
}
