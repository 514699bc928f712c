/**
 * The shapes a port's metrics follow over time, as pure functions of Unix seconds: a day that
 * peaks in the early afternoon (UTC) and is quiet at night, quieter weekends, and a small
 * deterministic jitter (the same history every build, no random state to carry).
 */
const day = 86_400;

/** 0.3 at night up to 1 around 13:00 UTC. */
export function diurnal(t: number): number {
  const hour = (t % day) / 3600;
  const d = hour - 13;
  return 0.3 + 0.7 * Math.exp(-(d * d) / 32);
}

/** 1 on weekdays, 0.65 on Saturday and Sunday (1970-01-01 was a Thursday). */
export function weekly(t: number): number {
  const weekday = (Math.floor(t / day) + 4) % 7;
  return weekday === 0 || weekday === 6 ? 0.65 : 1;
}

/** A deterministic value in [-1, 1) for time `t` and stream `k` (an integer hash, not Math.random). */
export function jitter(t: number, k: number): number {
  let h = Math.imul((t | 0) ^ Math.imul(k + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 31 - 1;
}

/** A slow wave between `low` and `high` with the given period (seconds) and phase (0-1). */
export function wave(t: number, low: number, high: number, periodS: number, phase = 0): number {
  return low + ((high - low) * (1 + Math.sin(2 * Math.PI * (t / periodS + phase)))) / 2;
}
