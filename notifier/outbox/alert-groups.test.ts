import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { groupIdentity, groupNews } from '../receiving/group-news.ts';
import type { AlertmanagerWebhook } from '../receiving/payload.ts';
import { webhookPayload } from '../testing/fixtures.ts';
import { AlertGroupStore } from './alert-groups.ts';
import { OutboxStore } from './store.ts';

let db: TestDatabase;
const pools: Pool[] = [];

beforeAll(async () => {
  db = await createTestDatabase('pages_alert_groups');
  // Two pools stand for two notifier replicas sharing the database.
  for (let i = 0; i < 2; i++) {
    const pool = createPool({ connectionString: db.url, applicationName: `alert-groups-${i}`, max: 4 });
    pool.on('error', () => undefined);
    pools.push(pool);
  }
  await new OutboxStore(pools[0]!).migrate();
});
afterAll(async () => {
  for (const pool of pools) await pool.end();
  await db?.drop();
});

const holdMs = 1500;
const accept = (store: AlertGroupStore, payload: AlertmanagerWebhook, repeatMs = 3_600_000) =>
  store.accept({
    receiver: 'oncall',
    groupId: groupIdentity('oncall', payload),
    groupLabels: payload.groupLabels,
    status: payload.status,
    payload,
    channels: ['slack', 'email'],
    holdMs,
    decide: (announced, lastPageAt, now) => groupNews(announced, payload, lastPageAt, now, repeatMs),
  });

describe('AlertGroupStore', () => {
  it('decides one webhook of a group at a time across replicas: of many concurrent copies, one is stored', async () => {
    const [a, b] = pools.map((p) => new AlertGroupStore(p));
    const payload = webhookPayload({ groupLabels: { alertname: 'Concurrent' } });
    const copies = await Promise.all(Array.from({ length: 16 }, (_, i) => accept(i % 2 ? a! : b!, payload)));
    expect(copies.filter((c) => c.kind === 'change')).toHaveLength(1);
    expect(copies.filter((c) => c.kind === 'duplicate')).toHaveLength(15);
    const { rows } = await pools[0]!.query<{ pages: number; duplicates: number; deliveries: number }>(
      `SELECT g.pages, g.duplicates,
              (SELECT count(*)::int FROM notifier_deliveries d WHERE d.notification_id = g.last_notification_id) AS deliveries
         FROM notifier_alert_groups g`,
    );
    expect(rows).toEqual([{ pages: 1, duplicates: 15, deliveries: 2 }]);
  });

  it('stores a reminder once the repeat window has passed, once among concurrent copies', async () => {
    const store = new AlertGroupStore(pools[1]!);
    const payload = webhookPayload({ groupLabels: { alertname: 'Reminded' } });
    expect((await accept(store, payload, 1000)).kind).toBe('change');
    expect((await accept(store, payload, 1000)).kind).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 1100));
    const copies = await Promise.all([0, 1, 2, 3].map(() => accept(store, payload, 1000)));
    expect(copies.map((c) => c.kind).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'reminder']);
  });

  it('holds a firing after its resolution under the same start; cancels it when the resolution comes back, delivers it otherwise', async () => {
    const store = new AlertGroupStore(pools[0]!);
    // Recent times: resolved alerts are forgotten a day after their resolution.
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alert = { ...webhookPayload().alerts[0]!, startsAt };
    const at = (groupLabels: Record<string, string>, resolved: boolean) =>
      webhookPayload({
        groupLabels,
        status: resolved ? 'resolved' : 'firing',
        alerts: [
          {
            ...alert,
            status: resolved ? 'resolved' : 'firing',
            endsAt: resolved ? new Date(Date.now() - 1000).toISOString() : alert.endsAt,
          },
        ],
      });
    const due = (id: number | null) =>
      pools[0]!
        .query<{ n: number }>(
          `SELECT count(*)::int AS n FROM notifier_deliveries WHERE notification_id = $1 AND next_attempt_at <= now()`,
          [id],
        )
        .then((r) => r.rows[0]!.n);
    for (const [name, comesBack] of [
      ['Flap', true],
      ['Refire', false],
    ] as const) {
      const labels = { alertname: name };
      expect((await accept(store, at(labels, false))).kind).toBe('change');
      expect((await accept(store, at(labels, true))).kind).toBe('change');
      const refire = await accept(store, at(labels, false));
      expect([refire.kind, refire.held, await due(refire.notificationId)]).toEqual(['change', true, 0]);
      if (comesBack) {
        // The lagging peer's resolution: the held page is cancelled, and the resolution was announced.
        const back = await accept(store, at(labels, true));
        expect([back.kind, back.cancelled]).toEqual(['duplicate', refire.notificationId]);
        const { rows } = await pools[0]!.query(
          'SELECT 1 FROM notifier_deliveries WHERE notification_id = $1',
          [refire.notificationId],
        );
        expect(rows).toHaveLength(0);
      } else {
        await new Promise((r) => setTimeout(r, holdMs + 100));
        expect(await due(refire.notificationId)).toBe(2);
        // Past the hold the page stands; the real resolution pages.
        const end = await accept(store, at(labels, true));
        expect([end.kind, end.cancelled]).toEqual(['change', null]);
      }
    }
  });
});
