import type { Pool } from '../../lib/db/pool.ts';

/** When each heartbeat (Alertmanager's Watchdog) was last heard, in `notifier_heartbeats`. */
export class Heartbeats {
  constructor(private readonly pool: Pool) {}

  async record(name: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO notifier_heartbeats (name, last_seen) VALUES ($1, now())
       ON CONFLICT (name) DO UPDATE SET last_seen = now()`,
      [name],
    );
  }

  async last(name: string): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ last_seen: Date }>(
      'SELECT last_seen FROM notifier_heartbeats WHERE name = $1',
      [name],
    );
    return rows[0]?.last_seen;
  }
}
