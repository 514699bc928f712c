import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../lib/generated.ts';
import {
  nodeExporterBinary,
  type RunningExporterBinary,
  startExporterBinary,
} from '../../local-platform/exporter-binaries.ts';

/** The backup scripts' own metric writer (`record_backup_success KIND REPO`). */
export const backupMetricsScript = join(repoRoot, 'stack/scripts/lib/backup-metrics.sh');

/**
 * The backup-freshness drill's parts, as the stack has them: the real node-exporter with its
 * textfile collector on a folder, which the backup scripts' own writer fills (the backup service
 * writes the volume node-exporter reads). Only the textfile collector runs: the drill scrapes
 * every second on a busy machine and reads nothing else.
 */
export interface FreshnessDrill {
  exporter: RunningExporterBinary;
  /** The textfile collector's folder (BACKUP_METRICS_DIR). */
  textfileDir: string;
  /**
   * A success of this kind into this repository, recorded by `record_backup_success` itself. With
   * `at`, the `date` it reads answers that moment (whole seconds): a backup made that long ago.
   */
  recordSuccess(kind: string, repo: string, at?: Date): Promise<void>;
  stop(): Promise<void>;
}

// The function reads the time with `date -u +%s`; a shell function of the same name pins it.
const record = [
  'set -eu',
  'source "$1"',
  'if [ -n "${BACKUP_AT:-}" ]; then date() { command date -d "@$BACKUP_AT" "$@"; }; fi',
  'record_backup_success "$2" "$3"',
].join('\n');

export async function startFreshnessDrill(dir: string, exporterPort?: number): Promise<FreshnessDrill> {
  const binary = nodeExporterBinary();
  if (!binary) throw new Error('prometheus-node-exporter is not installed: run scripts/ensure-tools.sh');
  const textfileDir = join(dir, 'textfile');
  await mkdir(textfileDir, { recursive: true });
  const exporter = await startExporterBinary({
    kind: 'node',
    dir,
    ...(exporterPort ? { port: exporterPort } : {}),
    binary,
    args: [
      '--collector.disable-defaults',
      '--collector.textfile',
      `--collector.textfile.directory=${textfileDir}`,
    ],
  });
  return {
    exporter,
    textfileDir,
    async recordSuccess(kind, repo, at) {
      await promisify(execFile)('bash', ['-c', record, 'record', backupMetricsScript, kind, repo], {
        env: {
          ...process.env,
          BACKUP_METRICS_DIR: textfileDir,
          ...(at ? { BACKUP_AT: String(Math.floor(at.getTime() / 1000)) } : {}),
        },
      });
    },
    stop: () => exporter.stop(),
  };
}
