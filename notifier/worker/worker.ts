import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../lib/logger.ts';
import type { Instruments } from '../../lib/metrics/registry.ts';
import type { notifier as catalog } from '../../lib/catalog/notifier.ts';
import { type ChannelName, channelNames, type Receiver, type WorkerSettings } from '../config.ts';
import type { Channel } from '../channels/channel.ts';
import { PermanentError, TransientError } from '../channels/errors.ts';
import type { ClaimedDelivery, OutboxStore } from '../outbox/store.ts';
import type { Notice } from '../rendering/notice.ts';
import { backoffMs } from './backoff.ts';
import type { RateSlots } from './rate-slots.ts';

export interface WorkerDeps {
  store: OutboxStore;
  slots: RateSlots;
  channels: ReadonlyMap<ChannelName, Channel>;
  settings: WorkerSettings;
  render: (delivery: ClaimedDelivery) => Notice;
  metrics: Instruments<typeof catalog>;
  logger: Logger;
}

/** A rate-limit wait longer than this gives the delivery back instead of holding its lease. */
const maxSlotWaitMs = 5000;

/**
 * Delivers pending outbox rows. Claims are leased (FOR UPDATE SKIP LOCKED), so replicas share
 * the work; deliveries to one target go one at a time at the target's rate, different targets
 * in parallel. Transient failures back off exponentially with jitter (or as long as Slack's
 * Retry-After says); permanent ones are dead-lettered with their reason.
 */
export class DeliveryWorker {
  readonly owner = `worker-${randomUUID()}`;
  private stopping = false;
  private running?: Promise<void>;
  private readonly wakeUps = new Set<() => void>();

  constructor(private readonly deps: WorkerDeps) {}

  /**
   * One loop per channel: a slow or unreachable SMTP relay never holds up Slack, and vice versa.
   * Channels no longer configured still get a loop, which dead-letters what they left pending.
   */
  start(): void {
    this.running ??= Promise.all(channelNames.map((channel) => this.loop(channel))).then(() => undefined);
  }

  /** New work was queued by this process: look now rather than at the next poll. */
  wake(): void {
    for (const wakeUp of this.wakeUps) wakeUp();
  }

  /** Finishes the sends in flight, gives back what was claimed but not started. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  private async loop(channel: ChannelName): Promise<void> {
    const { store, settings, logger } = this.deps;
    while (!this.stopping) {
      let claimed: ClaimedDelivery[] = [];
      const claimedAt = Date.now();
      try {
        claimed = await store.claim(this.owner, channel, settings.batchSize, settings.leaseMs);
      } catch (err) {
        logger.error({ err, channel }, 'cannot claim deliveries from the outbox; retrying');
      }
      if (claimed.length) await this.process(claimed, claimedAt + settings.leaseMs);
      else await this.idle(settings.pollMs);
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUps.add(done);
    });
  }

  /**
   * Deliveries to one target go in sequence; one that could not finish (send timeout plus the
   * longest rate-limit wait, plus a second of margin) before the claim's lease runs out is given
   * back instead, so no other replica can take it over while it is being sent.
   */
  private async process(claimed: ClaimedDelivery[], leaseEnd: number): Promise<void> {
    const worstCaseMs = this.deps.settings.sendTimeoutMs + maxSlotWaitMs + 1000;
    const byTarget = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) {
      const key = this.deps.channels.get(d.channel)?.target(d.receiver as Receiver) ?? `${d.channel}:none`;
      byTarget.set(key, [...(byTarget.get(key) ?? []), d]);
    }
    await Promise.all(
      [...byTarget.values()].map(async (queue) => {
        for (const [i, delivery] of queue.entries()) {
          if (this.stopping || Date.now() + worstCaseMs > leaseEnd) {
            await this.deps.store
              .release(
                queue.slice(i).map((d) => d.id),
                this.owner,
              )
              .catch((err) =>
                this.deps.logger.warn({ err }, 'cannot release claims; their lease will expire'),
              );
            return;
          }
          await this.deliver(delivery).catch((err) =>
            this.deps.logger.error(
              { err, delivery: delivery.id },
              'delivery bookkeeping failed; lease will expire',
            ),
          );
        }
      }),
    );
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const { store, settings, metrics, logger } = this.deps;
    const receiver = d.receiver as Receiver;
    const channel = this.deps.channels.get(d.channel);
    const target = channel?.target(receiver);
    const log = logger.child({
      delivery: d.id,
      notification: d.notificationId,
      channel: d.channel,
      receiver,
    });
    if (!channel || !target)
      return this.dead(d, `channel ${d.channel} is not configured for receiver ${receiver}`);
    let notice: Notice;
    try {
      notice = this.deps.render(d);
    } catch (err) {
      return this.dead(d, `cannot render notification: ${(err as Error).message}`);
    }

    const interval =
      d.channel === 'slack' ? settings.slackIntervalMs : d.channel === 'email' ? settings.emailIntervalMs : 0;
    const wait = await this.deps.slots.reserve(target, interval);
    if (wait > maxSlotWaitMs) {
      await store.postpone(d.id, this.owner, wait);
      return;
    }
    if (wait > 0) await sleep(wait);

    const attempt = d.attempts + 1;
    try {
      await channel.send(receiver, notice);
    } catch (err) {
      metrics.failed.inc({ channel: d.channel });
      const message = (err as Error).message;
      if (!(err instanceof TransientError)) {
        return this.dead(d, err instanceof PermanentError ? message : `unexpected error: ${message}`);
      }
      if (attempt >= settings.maxAttempts)
        return this.dead(d, `gave up after ${attempt} attempts: ${message}`);
      let delay = backoffMs(attempt, settings.backoffBaseMs, settings.backoffMaxMs);
      if (err.retryAfterMs !== undefined) {
        // Never earlier than Slack asked, for this message and for everything else to that webhook.
        delay = err.retryAfterMs + Math.round(Math.random() * 100);
        await this.deps.slots.hold(target, err.retryAfterMs);
      }
      metrics.retried.inc({ channel: d.channel });
      log.warn({ attempt, retry_in_ms: delay, err: message }, 'delivery failed; will retry');
      if (!(await store.markRetry(d.id, this.owner, delay, message)))
        log.warn('lease lost before retry was recorded');
      return;
    }
    if (await store.markDelivered(d.id, this.owner)) {
      metrics.delivered.inc({ channel: d.channel });
      metrics.deliveryDuration.observe({ channel: d.channel }, (Date.now() - d.receivedAt.getTime()) / 1000);
      log.info({ attempt, title: notice.title }, 'delivered');
    } else {
      log.warn('delivered, but the lease had expired; another worker may deliver it again');
    }
  }

  private async dead(d: ClaimedDelivery, reason: string): Promise<void> {
    this.deps.metrics.deadLettered.inc({ channel: d.channel });
    this.deps.logger.error(
      { delivery: d.id, channel: d.channel, receiver: d.receiver, reason },
      'dead-lettered',
    );
    await this.deps.store.markDead(d.id, this.owner, reason);
  }
}
