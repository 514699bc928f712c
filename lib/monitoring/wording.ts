import type { Duration } from './duration.ts';

const unitWords = { s: 'second', m: 'minute', h: 'hour', d: 'day' } as const;

/** `'10m'` -> `10 minutes`, `'1h'` -> `1 hour`: how panel descriptions and runbooks say a duration. */
export function inWords(duration: Duration): string {
  const amount = Number(duration.slice(0, -1));
  const word = unitWords[duration.slice(-1) as keyof typeof unitWords];
  return `${amount} ${word}${amount === 1 ? '' : 's'}`;
}

/** `'1h'` -> `1 h`: the short spelling for dense text (the burn-rate panel's windows). */
export const spaced = (duration: Duration) => `${duration.slice(0, -1)} ${duration.slice(-1)}`;

/** `0.05` -> `5%`, exact for the ratios in thresholds.ts (no `10.000000000000002%`). */
export const percent = (ratio: number) => `${Number((ratio * 100).toFixed(6))}%`;
