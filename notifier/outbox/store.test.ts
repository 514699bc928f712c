import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { DeadLetters } from './dead-letters.ts';
import { OutboxStore } from './store.ts';

let db: TestDatabase;
let pool: Pool;
let store: OutboxStore;

beforeAll(async () => {
  db = await createTestDatabase('notifier_store');
  pool = createPool({ connectionString: db.url, applicationName: 'notifier-store-test', max: 6 });
  // Dropping the database ends connections pool.end() let go of but has not closed yet.
  pool.on('error', () => undefined);
  store = new OutboxStore(pool);
  expect(await store.migrate()).toEqual(['0001_outbox.sql', '0002_alert_groups.sql']);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const notification = (key: string) => ({
  kind: 'alert' as const,
  receiver: 'oncall',
  idempotencyKey: key,
  status: 'firing',
  payload: { key },
  channels: ['slack', 'email'] as const,
});

describe('OutboxStore', () => {
  it('migrates once', async () => {
    expect(await store.migrate()).toEqual([]);
  });

  it('accepts an idempotency key once, even when posted concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => store.enqueue(notification('dup'))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.notificationId)).size).toBe(1);
    expect(results.flatMap((r) => r.queued).sort()).toEqual(['email', 'slack']);
    const { rows } = await pool.query(
      `SELECT channel FROM notifier_deliveries d JOIN notifier_notifications n ON n.id = d.notification_id
       WHERE n.idempotency_key = 'dup' ORDER BY channel`,
    );
    expect(rows.map((r) => r.channel)).toEqual(['email', 'slack']);
    await expect(
      pool.query(`INSERT INTO notifier_deliveries (notification_id, channel) VALUES ($1, 'slack')`, [
        results[0]!.notificationId,
      ]),
    ).rejects.toThrow(/duplicate key/);
  });

  it('never hands one delivery to two workers at once, and re-offers it when a lease expires', async () => {
    for (let i = 0; i < 10; i++) await store.enqueue(notification(`claim-${i}`));
    const [a, b] = await Promise.all([
      store.claim('a', 'slack', 50, 60_000),
      store.claim('b', 'slack', 50, 60_000),
    ]);
    const ids = [...a, ...b].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(11); // 11 notifications, each with one Slack delivery, all due
    expect([...a, ...b].every((d) => d.channel === 'slack')).toBe(true);
    expect(await store.claim('c', 'slack', 50, 60_000)).toEqual([]);
    // Channels are claimed independently.
    const emails = await store.claim('c', 'email', 50, 60_000);
    expect(emails.length).toBe(11);
    await store.release(
      emails.map((d) => d.id),
      'c',
    );

    // A worker that dies keeps nothing: after its lease, another takes over, and the dead one's update is refused.
    const short = [...a, ...b][0]!;
    const owner = a.includes(short) ? 'a' : 'b';
    await pool.query(
      `UPDATE notifier_deliveries SET leased_until = now() - interval '1 second' WHERE id = $1`,
      [short.id],
    );
    const retaken = await store.claim('c', 'slack', 50, 60_000);
    expect(retaken.map((d) => d.id)).toEqual([short.id]);
    expect(await store.markDelivered(short.id, owner)).toBe(false);
    expect(await store.markDelivered(short.id, 'c')).toBe(true);
    expect(await store.markDelivered(short.id, 'c')).toBe(false);
  });

  it('records retries and dead letters with their reason, and counts what is pending', async () => {
    await pool.query(
      `UPDATE notifier_deliveries SET lease_owner = NULL, leased_until = NULL WHERE state = 'pending'`,
    );
    const [first, second] = await store.claim('w', 'slack', 2, 60_000);
    expect(await store.markRetry(first!.id, 'w', 60_000, 'Slack answered 500')).toBe(true);
    expect(await store.markDead(second!.id, 'w', 'Slack answered 404: channel_not_found')).toBe(true);
    const dead = await new DeadLetters(pool).list();
    expect(dead.map((d) => [d.id, d.reason, d.attempts])).toEqual([
      [second!.id, 'Slack answered 404: channel_not_found', 1],
    ]);
    const stats = await store.pendingStats();
    expect(stats.reduce((n, s) => n + s.pending, 0)).toBe(20);
    const claimed = await store.claim('w', 'slack', 50, 60_000);
    expect(claimed.map((d) => d.id)).not.toContain(first!.id);
    await store.release(
      claimed.map((d) => d.id),
      'w',
    );
    expect((await store.claim('x', 'slack', 50, 60_000)).length).toBe(claimed.length);
  });
});
