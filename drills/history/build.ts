import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { incidents, placeIncidents, type Incident, type PlacedIncident } from './incidents.ts';
import { writeChunk } from './openmetrics.ts';
import { allSeries } from './series/index.ts';

const run = promisify(execFile);

/** Bump whenever the model, the series or the layout changes: a built history of another version is rebuilt. */
export const generatorVersion = 4;

/** promtool cuts blocks at 2-hour boundaries and re-reads its whole input once per block: feed it 2 hours at a time. */
export const chunkS = 7200;

export interface HistoryOptions {
  /** The history's folder: `blocks/` (TSDB blocks) and `manifest.json`. */
  dir: string;
  days: number;
  /** Sample spacing: the stack's scrape interval (scrape/stack.ts) unless stated otherwise. */
  stepS: number;
  /** Unix seconds the history ends at (default: the current hour's start). */
  end?: number;
  /** The incidents to place (default: the standard list, incidents.ts). */
  incidents?: readonly Incident[];
  log?: (line: string) => void;
}

export interface HistoryManifest {
  generatorVersion: number;
  days: number;
  stepS: number;
  /** Unix seconds. */
  start: number;
  end: number;
  series: number;
  samples: number;
  incidents: PlacedIncident[];
  builtAt: string;
  buildSeconds: number;
}

export const manifestPath = (dir: string) => join(dir, 'manifest.json');
export const blocksPath = (dir: string) => join(dir, 'blocks');

export async function readManifest(dir: string): Promise<HistoryManifest | undefined> {
  try {
    return JSON.parse(await readFile(manifestPath(dir), 'utf8')) as HistoryManifest;
  } catch {
    return undefined;
  }
}

/**
 * Builds the history into `dir` unless a history of the same generator version, length and step
 * is already there (then returns its manifest). Two-hour chunks are streamed to a file and
 * imported by `promtool tsdb create-blocks-from openmetrics` while the next chunk is written, so
 * both cores work and memory stays flat. The manifest is written last: an interrupted build is
 * rebuilt from scratch next time.
 */
export async function buildHistory(options: HistoryOptions): Promise<HistoryManifest & { reused: boolean }> {
  const log = options.log ?? (() => {});
  const found = await readManifest(options.dir);
  if (
    found?.generatorVersion === generatorVersion &&
    found.days === options.days &&
    found.stepS === options.stepS
  ) {
    log(`history in ${options.dir} is current (generator ${generatorVersion}, built ${found.builtAt}): kept`);
    return { ...found, reused: true };
  }
  const started = Date.now();
  await rm(options.dir, { recursive: true, force: true });
  const work = join(options.dir, 'work');
  await mkdir(work, { recursive: true });
  await mkdir(blocksPath(options.dir), { recursive: true });
  const end = options.end ?? Math.floor(Date.now() / 1000 / 3600) * 3600;
  const start = end - options.days * 86_400;
  const placed = placeIncidents(start, options.incidents ?? incidents);
  const series = allSeries();
  const totals = new Float64Array(series.length);
  let samples = 0;
  let importing: Promise<unknown> = Promise.resolve();
  const firstChunk = start - (start % chunkS);
  const chunks = Math.ceil((end - firstChunk) / chunkS);
  for (let k = 0; k < chunks; k++) {
    const from = Math.max(start, firstChunk + k * chunkS);
    const to = Math.min(end, firstChunk + (k + 1) * chunkS);
    const file = join(work, `chunk-${k % 2}.om`);
    // Two files in turn: this one was last read by chunk k-2's import, finished before k-1's began.
    samples += await writeChunk(createWriteStream(file), {
      from,
      to,
      stepS: options.stepS,
      series,
      placed,
      totals,
    });
    await importing;
    importing = run(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, blocksPath(options.dir)],
      {
        maxBuffer: 16 * 2 ** 20,
      },
    );
    if (k % 12 === 11 || k === chunks - 1)
      log(
        `history: ${new Date(to * 1000).toISOString()} (${k + 1}/${chunks} chunks, ${samples.toLocaleString('en-US')} samples, ${Math.round((Date.now() - started) / 1000)} s)`,
      );
  }
  await importing;
  await rm(work, { recursive: true, force: true });
  const manifest: HistoryManifest = {
    generatorVersion,
    days: options.days,
    stepS: options.stepS,
    start,
    end,
    series: series.length,
    samples,
    incidents: placed,
    builtAt: new Date().toISOString(),
    buildSeconds: Math.round((Date.now() - started) / 1000),
  };
  await writeFile(`${manifestPath(options.dir)}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${manifestPath(options.dir)}.tmp`, manifestPath(options.dir));
  return { ...manifest, reused: false };
}
