import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startPrometheus, type RuleFile, type RunningPrometheus } from '../../local-platform/prometheus.ts';
import { blocksPath, type HistoryManifest } from './build.ts';

const run = promisify(execFile);

export interface OnHistoryOptions {
  historyDir: string;
  manifest: HistoryManifest;
  /** Holds the copy of the blocks Prometheus works on (data/), its config and rules. */
  runDir: string;
  port: number;
  evaluationS: number;
  rules?: RuleFile[];
  /** Copy the blocks afresh (default true); false reuses runDir/data from a previous start. */
  copy?: boolean;
}

/**
 * Starts the real Prometheus on a copy of the history's blocks (Prometheus compacts and locks
 * its data folder, and the history stays as built). Retention is the history's length plus ten
 * days, so no block is dropped however old the build; up to 54 days that gives the same block
 * ranges a 30-day production retention does (2 h, 6 h, 18 h, 54 h). No scrape jobs: the only
 * data is the history.
 */
export async function startOnHistory(o: OnHistoryOptions): Promise<RunningPrometheus> {
  if (o.copy !== false) {
    await rm(o.runDir, { recursive: true, force: true });
    await mkdir(join(o.runDir, 'data'), { recursive: true });
    const blocks = await readdir(blocksPath(o.historyDir));
    await run('cp', [
      '-a',
      '--reflink=auto',
      ...blocks.map((b) => join(blocksPath(o.historyDir), b)),
      join(o.runDir, 'data'),
    ]);
  }
  return startPrometheus({
    dir: o.runDir,
    port: o.port,
    scrapeIntervalSeconds: o.manifest.stepS,
    evaluationIntervalSeconds: o.evaluationS,
    rules: o.rules ?? [],
    jobs: [],
    retentionTime: `${Math.ceil(o.manifest.days) + 10}d`,
  });
}

/** One series of a query_range answer: its labels and its [unix seconds, value] samples. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** Prometheus' query_range (POST, step in seconds); throws with Prometheus' error on a failure. */
export async function queryRange(
  url: string,
  expr: string,
  o: { start: number; end: number; stepS: number },
): Promise<RangeSeries[]> {
  const body = new URLSearchParams({
    query: expr,
    start: String(o.start),
    end: String(o.end),
    step: String(o.stepS),
  });
  const response = await fetch(`${url}/api/v1/query_range`, { method: 'POST', body });
  const answer = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: RangeSeries[] };
  };
  if (answer.status !== 'success' || !answer.data)
    throw new Error(`query_range failed (${answer.error ?? response.status}) for ${expr}`);
  return answer.data.result;
}

/** Reads one of Prometheus' own metrics from its /metrics page: every series of `name` with its value. */
export async function selfMetric(url: string, name: string): Promise<{ labels: string; value: number }[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: { labels: string; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^(\w+)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (m && m[1] === name) out.push({ labels: m[2] ?? '', value: Number(m[3]) });
  }
  return out;
}

/**
 * Waits until Prometheus has compacted the backfilled two-hour blocks as it would have over a
 * month of running: the loaded block count unchanged over `quietS` seconds. Prometheus first
 * looks for blocks to compact a minute after it starts, so the quiet window is longer than that.
 * Returns the seconds it took.
 */
export async function waitForCompaction(
  url: string,
  log: (line: string) => void,
  quietS = 150,
  timeoutS = 1800,
): Promise<number> {
  const started = Date.now();
  let last = -1;
  let since = Date.now();
  for (;;) {
    const blocks = (await selfMetric(url, 'prometheus_tsdb_blocks_loaded'))[0]?.value ?? -1;
    if (blocks !== last) {
      log(`  compaction: ${blocks} blocks loaded (${Math.round((Date.now() - started) / 1000)} s)`);
      last = blocks;
      since = Date.now();
    } else if (Date.now() - since >= quietS * 1000) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutS * 1000)
      throw new Error(`Prometheus still compacting after ${timeoutS} s`);
    await new Promise((r) => setTimeout(r, 5000));
  }
}
