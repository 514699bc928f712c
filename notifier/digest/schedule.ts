import { schedule, type ScheduledTask } from 'node-cron';
import type { Logger } from '../../lib/logger.ts';

/**
 * Runs the daily digest at DIGEST_CRON (validated with the configuration) in DIGEST_TIMEZONE. Every replica schedules it; the
 * outbox's idempotency key (one digest per minute slot) keeps port managers from getting two.
 */
export function scheduleDigest(
  cron: string,
  timezone: string,
  run: () => Promise<unknown>,
  logger: Logger,
): ScheduledTask {
  return schedule(
    cron,
    async () => {
      try {
        await run();
      } catch (err) {
        logger.error({ err }, 'daily digest failed; it will run again at the next schedule');
      }
    },
    { name: 'notifier-daily-digest', timezone, noOverlap: true },
  );
}
