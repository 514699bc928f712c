/**
 * Runs `task` now and then every `intervalMs` (measured start to start), never two at once:
 * a run that overruns the interval delays the next one instead of overlapping it.
 */
export function every(intervalMs: number, task: (signal: AbortSignal) => Promise<void>) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    const started = Date.now();
    current = task(controller.signal).finally(() => {
      if (stopped) return;
      timer = setTimeout(tick, Math.max(0, intervalMs - (Date.now() - started)));
    });
  };
  tick();
  return {
    /** Cancels the schedule, aborts the run in progress and waits for it to end. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
      await current.catch(() => undefined);
    },
  };
}
