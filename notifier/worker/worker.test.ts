import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifier as catalog } from '../../lib/catalog/notifier.ts';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { createLogger } from '../../lib/logger.ts';
import { createInstruments, createRegistry } from '../../lib/metrics/registry.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { waitFor } from '../../lib/testing/wait.ts';
import type { Channel } from '../channels/channel.ts';
import { LogChannel } from '../channels/log.ts';
import { type ChannelName, loadConfig } from '../config.ts';
import { DeadLetters } from '../outbox/dead-letters.ts';
import { OutboxStore } from '../outbox/store.ts';
import { renderDelivery } from '../rendering/render.ts';
import { notifierEnv } from '../testing/env.ts';
import { webhookPayload } from '../testing/fixtures.ts';
import { RateSlots } from './rate-slots.ts';
import { DeliveryWorker } from './worker.ts';

let db: TestDatabase;
let pool: Pool;
let store: OutboxStore;

beforeAll(async () => {
  db = await createTestDatabase('notifier_worker');
  pool = createPool({ connectionString: db.url, applicationName: 'notifier-worker-test', max: 4 });
  pool.on('error', () => undefined);
  store = new OutboxStore(pool);
  await store.migrate();
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('DeliveryWorker', () => {
  it('dead-letters what a channel that is no longer configured left pending, and delivers the rest', async () => {
    const config = loadConfig(notifierEnv(db.url));
    const registry = createRegistry(false);
    const metrics = createInstruments(registry, catalog);
    const logger = createLogger({ service: 'notifier', nodeEnv: 'test', level: 'silent' });
    // Queued while Slack was configured; the notifier restarts with only the log channel.
    await store.enqueue({
      kind: 'alert',
      receiver: 'oncall',
      idempotencyKey: 'removed-channel',
      status: 'firing',
      payload: webhookPayload(),
      channels: ['slack', 'log'],
    });
    const worker = new DeliveryWorker({
      store,
      slots: new RateSlots(pool),
      channels: new Map<ChannelName, Channel>([['log', new LogChannel(logger)]]),
      settings: config.worker,
      render: (d) => renderDelivery(d, config),
      metrics,
      logger,
    });
    worker.start();
    try {
      const [dead] = await waitFor(async () => {
        const letters = await new DeadLetters(pool).list();
        return letters.length > 0 && letters;
      }, 'the orphaned Slack delivery to be dead-lettered');
      expect(dead).toMatchObject({
        channel: 'slack',
        reason: 'channel slack is not configured for receiver oncall',
      });
      await waitFor(
        async () => (await metrics.delivered.get()).values.some((v) => v.value === 1),
        'the log delivery',
      );
      expect((await metrics.deadLettered.get()).values).toEqual([
        expect.objectContaining({ labels: { channel: 'slack' }, value: 1 }),
      ]);
    } finally {
      await worker.stop();
    }
  });
});
