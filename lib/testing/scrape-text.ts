/** One series of a scrape: its labels and value. */
export interface Series {
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  text: string;
  /** Series of one metric name (exact name, no suffix handling). */
  series(name: string): Series[];
  /** The value of the one series of `name` whose labels include `labels`; throws if absent. */
  value(name: string, labels?: Record<string, string>): number;
  help(name: string): string | undefined;
}

/** Parses the Prometheus text format as prom-client writes it (no escaped quotes in our labels). */
export function parseScrape(text: string): Scrape {
  const series = new Map<string, Series[]>();
  const helps = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# HELP ')) {
      const [, name, ...rest] = line.split(' ').slice(1);
      if (name) helps.set(name, rest.join(' '));
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`unparsable metrics line: ${line}`);
    const [, name = '', rawLabels, rawValue = ''] = match;
    const labels = Object.fromEntries(
      [...(rawLabels ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    const value = /^nan$/i.test(rawValue) ? Number.NaN : Number(rawValue);
    series.set(name, [...(series.get(name) ?? []), { labels, value }]);
  }
  return {
    text,
    series: (name) => series.get(name) ?? [],
    help: (name) => helps.get(name),
    value(name, labels = {}) {
      const found = (series.get(name) ?? []).filter((s) =>
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
      );
      if (found.length !== 1 || !found[0]) {
        throw new Error(`${name}${JSON.stringify(labels)}: expected one series, found ${found.length}`);
      }
      return found[0].value;
    },
  };
}
