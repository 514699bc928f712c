import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dump, load } from 'js-yaml';
import type { RuleFile } from '../../local-platform/prometheus.ts';

const run = promisify(execFile);

interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}
interface RulesDocument {
  groups: { name: string; rules: (RecordingRule | { alert: string })[] }[];
}

/** A recording-rule name (`level:metric:operation`) in an expression. */
const readsRecording = (expr: string) => /[a-zA-Z_]\w*:[\w:]*/.test(expr.replace(/"[^"]*"/g, '""'));

/**
 * The rules recording `names` (every `slo` label's), each of which must read only scraped
 * series: `promtool tsdb create-blocks-from rules` queries a Prometheus that has no recorded
 * series, so a recording of recordings would come out empty. promtool writes a block per rule
 * and two hours (here about 25 a minute), so the bench backfills only what it reads.
 */
export function baseRecordings(files: readonly RuleFile[], names: readonly string[]): RecordingRule[] {
  const rules = files.flatMap((file) =>
    (load(file.content) as RulesDocument).groups.flatMap((g) =>
      g.rules.flatMap((r) => ('record' in r && names.includes(r.record) ? [r] : [])),
    ),
  );
  const derived = rules.filter((r) => readsRecording(r.expr)).map((r) => r.record);
  if (derived.length) throw new Error(`cannot backfill recordings of recordings: ${derived.join(', ')}`);
  return rules;
}

/**
 * The history has no recorded series (a recording rule has none before Prometheus evaluates
 * it): writes `rules`' series over [start, end] every `stepS` with promtool from the running
 * Prometheus at `url` into blocks, then moves them into `dataDir` (Prometheus loads them on its
 * next start). Returns the seconds it took and the blocks written.
 */
export async function backfillRecordings(o: {
  url: string;
  rules: readonly RecordingRule[];
  start: number;
  end: number;
  stepS: number;
  workDir: string;
  dataDir: string;
}): Promise<{ seconds: number; blocks: number; rules: string[] }> {
  const started = Date.now();
  const out = join(o.workDir, 'backfill');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const ruleFile = join(o.workDir, 'backfill.rules.yml');
  await writeFile(ruleFile, dump({ groups: [{ name: 'backfill', rules: o.rules }] }, { lineWidth: -1 }));
  await run(
    'promtool',
    [
      'tsdb',
      'create-blocks-from',
      'rules',
      `--start=${o.start}`,
      `--end=${o.end}`,
      `--url=${o.url}`,
      `--output-dir=${out}`,
      `--eval-interval=${o.stepS}s`,
      ruleFile,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const blocks = (await readdir(out)).filter((b) => /^[0-9A-Z]{26}$/.test(b));
  for (const b of blocks) await rename(join(out, b), join(o.dataDir, b));
  return {
    seconds: (Date.now() - started) / 1000,
    blocks: blocks.length,
    rules: o.rules.map((r) => r.record),
  };
}
