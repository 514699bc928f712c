/**
 * Grafana expands template variables before a query reaches its datasource; the parsers and
 * Prometheus only understand the expanded text. One substitution, shared by validation and
 * the live check, so both see the query as Grafana would send it.
 */
export interface InterpolationValues {
  /** `$__rate_interval`, `$__interval` and `$__range` (Prometheus durations). */
  rateInterval: string;
  interval: string;
  range: string;
  /** Dashboard variables by name; unknown ones become `.*` (they appear in regex matchers). */
  variables: Readonly<Record<string, string>>;
}

export const defaultInterpolation: InterpolationValues = {
  rateInterval: '5m',
  interval: '1m',
  range: '1h',
  variables: {},
};

export function interpolate(query: string, values: InterpolationValues = defaultInterpolation): string {
  return query
    .replace(/\$__rate_interval|\$\{__rate_interval\}/g, values.rateInterval)
    .replace(/\$__interval_ms/g, String(durationMs(values.interval)))
    .replace(/\$__interval|\$\{__interval\}/g, values.interval)
    .replace(/\$__range_s/g, String(durationMs(values.range) / 1000))
    .replace(/\$__range|\$\{__range\}/g, values.range)
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (_m, braced?: string, bare?: string) => {
      const name = (braced ?? bare) as string;
      return values.variables[name] ?? '.*';
    });
}

const unitMs: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `5m` -> 300000. Simple Prometheus durations only (one number, one unit). */
export function durationMs(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(duration);
  if (!match) throw new Error(`not a simple duration: ${duration}`);
  return Number(match[1]) * (unitMs[match[2] as string] as number);
}
