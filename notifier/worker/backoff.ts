/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * base * 2^(n-1), capped at max. The random half spreads retries of many deliveries (and of
 * several replicas) so a recovering Slack or SMTP relay is not hit by all of them at once.
 */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
