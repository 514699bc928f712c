/** A Prometheus duration such as `30s`, `5m`, `1h`, `1d`. */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd'}`;

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

export function toSeconds(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${JSON.stringify(duration)} (use e.g. 30s, 5m, 1h, 1d)`);
  return Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds];
}

/** The shortest exact Prometheus spelling of a whole number of seconds (90 -> `90s`, 3600 -> `1h`). */
export function fromSeconds(seconds: number): Duration {
  const whole = Math.max(0, Math.round(seconds));
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = unitSeconds[unit];
    if (whole >= size && whole % size === 0) return `${whole / size}${unit}`;
  }
  return `${whole}s`;
}

export const scaleDuration = (duration: Duration, factor: number): Duration =>
  fromSeconds(toSeconds(duration) * factor);
