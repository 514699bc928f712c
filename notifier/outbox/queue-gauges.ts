import type { Gauge } from 'prom-client';
import { channelNames } from '../config.ts';
import type { OutboxStore, PendingStats } from './store.ts';

/**
 * Scrape-time collectors for queue depth, oldest pending age and whether the outbox answers.
 * All three share one query per scrape. A failing query leaves the queue gauges as they were
 * rather than failing the scrape, and sets `outboxUp` to 0: while the outbox is unreachable the
 * notifier answers webhooks 503, so nothing is paged, and only this gauge says so.
 */
export function queueGauges(store: OutboxStore, onError: (err: unknown) => void) {
  let inflight: Promise<PendingStats[] | undefined> | undefined;
  let at = 0;
  const stats = () => {
    if (!inflight || Date.now() - at > 500) {
      at = Date.now();
      inflight = store.pendingStats().catch((err) => {
        onError(err);
        return undefined;
      });
    }
    return inflight;
  };
  const collector = (pick: (s: PendingStats) => number) => async (gauge: Gauge) => {
    const rows = await stats();
    if (!rows) return;
    for (const channel of channelNames) {
      const row = rows.find((r) => r.channel === channel);
      gauge.set({ channel }, row ? pick(row) : 0);
    }
  };
  return {
    queueDepth: collector((s) => s.pending),
    oldestPendingAge: collector((s) => s.oldestAgeSeconds),
    outboxUp: async (gauge: Gauge) => {
      gauge.set((await stats()) ? 1 : 0);
    },
  };
}
