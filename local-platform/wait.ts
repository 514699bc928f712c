import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What we wait for, in words, for the timeout message. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Give up early (e.g. the process we wait for has exited), with this reason. */
  abort?: () => string | undefined;
}

/** Polls `probe` until it returns a value other than undefined, or fails with a message. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw new Error(`${options.what}: ${aborted}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${options.what}: not within ${options.timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}`,
      );
    }
    await sleep(options.intervalMs ?? 200);
  }
}

/** Resolves once GET `url` answers 2xx. */
export function waitForHttp(
  url: string,
  options: Omit<WaitOptions, 'what'> & { what?: string },
): Promise<true> {
  return waitFor(
    async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return res.ok ? true : undefined;
    },
    { ...options, what: options.what ?? `waiting for ${url}` },
  );
}
