/**
 * Runs `step` (e.g. migrations at start-up) until it gets past connecting to PostgreSQL: a
 * connection that times out or is refused is tried again every `delayMs` until `withinMs`
 * have passed. A busy host (a rolling update starting a task while others serve) can take
 * longer than the pool's connect timeout to answer once; failing the start for that would make
 * Swarm roll the update back. Any other error fails at once.
 */
export async function whenReachable<T>(
  step: () => Promise<T>,
  options: { withinMs?: number; delayMs?: number; onRetry?: (err: Error) => void } = {},
): Promise<T> {
  const { withinMs = 30_000, delayMs = 1000 } = options;
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await step();
    } catch (err) {
      if (!isConnectionError(err as Error) || Date.now() + delayMs > deadline) throw err;
      options.onRetry?.(err as Error);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P03',
]);

export function isConnectionError(err: Error & { code?: string }): boolean {
  return (
    (err.code !== undefined && connectionCodes.has(err.code)) ||
    /connection timeout|Connection terminated|timeout exceeded when trying to connect/i.test(err.message)
  );
}
