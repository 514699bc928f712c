import type { Pool } from '../../lib/db/pool.ts';
import { dashboards } from '../../lib/monitoring/index.ts';
import { channelsFor, type NotifierConfig } from '../config.ts';
import type { OutboxStore } from '../outbox/store.ts';
import type { Notice } from '../rendering/notice.ts';
import { type DigestFigures, digestFigures } from './figures.ts';
import { digestNotice } from './notice.ts';

export const renderDigest = (figures: DigestFigures, config: NotifierConfig): Notice =>
  digestNotice(figures, config.grafanaUrl, dashboards.portOps.uid);

/**
 * Computes the digest now and queues it for the digest receiver's email (the log when no
 * email is configured). The figures are stored with the notification, so a delivery retried
 * later sends what was true at digest time.
 */
export async function queueDigest(pool: Pool, store: OutboxStore, config: NotifierConfig, now = new Date()) {
  const figures = await digestFigures(pool, now);
  const channels = channelsFor(config, config.digestReceiver).filter((c) => c !== 'slack');
  return store.enqueue({
    kind: 'digest',
    receiver: config.digestReceiver,
    idempotencyKey: `digest:${now.toISOString().slice(0, 16)}`,
    payload: figures,
    channels: channels.length ? channels : ['log'],
  });
}
