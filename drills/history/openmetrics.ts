import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PlacedIncident } from './incidents.ts';
import { momentAt } from './moment.ts';
import { scraped, type Series } from './series/index.ts';

export interface Chunk {
  /** Unix seconds, inclusive. */
  from: number;
  /** Unix seconds, exclusive. */
  to: number;
  stepS: number;
  series: readonly Series[];
  placed: readonly PlacedIncident[];
  /**
   * Counters' running totals, one per series, carried from chunk to chunk so a counter never
   * resets between them (it starts at 0 at the history's start).
   */
  totals: Float64Array;
}

/** Four decimals are plenty for every metric here and keep the lines short. */
const format = (v: number) => String(Math.round(v * 1e4) / 1e4);

/**
 * Streams one chunk of the history as OpenMetrics text (`name{labels} value timestamp`, no
 * TYPE lines, `# EOF` last) into `out`, honouring back-pressure so memory stays flat however
 * long the chunk. Returns the number of samples written.
 */
export async function writeChunk(out: Writable, chunk: Chunk): Promise<number> {
  const { series, totals, stepS } = chunk;
  let samples = 0;
  const prefixes = series.map((s) => `${s.name}${s.labels} `);
  let lines: string[] = [];
  for (let t = chunk.from; t < chunk.to; t += stepS) {
    const m = momentAt(t, chunk.placed);
    for (let i = 0; i < series.length; i++) {
      const s = series[i] as Series;
      const v = s.value(m);
      let written = v;
      if (s.kind === 'counter') {
        totals[i] = (totals[i] as number) + v * stepS;
        written = totals[i] as number;
      }
      if (!scraped(s, m)) continue;
      lines.push(`${prefixes[i]}${format(written)} ${t}`);
      samples++;
    }
    if (lines.length >= 20_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  if (lines.length && !out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  out.end('# EOF\n');
  await once(out, 'close');
  return samples;
}
