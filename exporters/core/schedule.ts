import { createTask, type ScheduledTask } from 'node-cron';
import type { Logger } from '../../lib/logger.ts';
import type { CollectorRunner } from './runner.ts';

/**
 * A refresh interval in seconds as a six-field cron expression. Cron steps restart at each
 * minute/hour, so only intervals that divide one evenly keep a constant period.
 */
export function cronFor(seconds: number): string {
  if (seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) return `0 */${minutes} * * * *`;
  throw new Error(
    `refresh interval ${seconds} s is not supported: use a divisor of 60 s (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30) ` +
      'or of 60 min in whole minutes (60, 120, 180, 300, 600, 900, 1200, 1800)',
  );
}

/** One node-cron task per collector; a tick that finds the previous refresh running is skipped. */
export class RefreshScheduler {
  private readonly tasks: ScheduledTask[] = [];

  constructor(
    private readonly runners: readonly CollectorRunner[],
    private readonly logger: Logger,
  ) {}

  /** Refreshes every collector once now (without waiting), then on its schedule. */
  start(): void {
    const cronLogger = {
      info: (m: string) => this.logger.debug(m),
      warn: (m: string) => this.logger.debug(m),
      error: (m: string | Error) => this.logger.error({ err: m }, 'scheduler error'),
      debug: () => undefined,
    };
    for (const runner of this.runners) {
      const task = createTask(cronFor(runner.collector.intervalSeconds), () => runner.refresh(), {
        name: `refresh-${runner.collector.name}`,
        noOverlap: true,
        logger: cronLogger,
      });
      task.on('execution:overlap', () =>
        this.logger.warn(
          { collector: runner.collector.name },
          'refresh still running at the next tick; skipped it (raise the interval or the statement timeout is too long)',
        ),
      );
      this.tasks.push(task);
      void task.start();
      void runner.refresh();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.destroy()));
    this.tasks.length = 0;
  }
}
