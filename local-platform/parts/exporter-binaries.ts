import { join } from 'node:path';
import { repoRoot } from '../../lib/generated.ts';
import { missingBinaryMessage } from '../binaries.ts';
import { startPostgresExporter, startRedisExporter } from '../database-exporters.ts';
import {
  type ExporterKind,
  exporterBinaries,
  exporterBinary,
  type RunningExporterBinary,
  startExporterBinary,
} from '../exporter-binaries.ts';
import type { PartContext } from './context.ts';

/** The blackbox exporter's modules: the stack's file. */
const blackboxConfig = join(repoRoot, 'stack/blackbox/blackbox.yml');

type Start = (ctx: PartContext, binary: string, databaseUrl: string) => Promise<RunningExporterBinary>;

/** node-exporter for this machine. */
const startNodeExporter: Start = (ctx, binary) =>
  startExporterBinary({ kind: 'node', dir: ctx.logs, port: ctx.ports.node, binary });

/** postgres-exporter for the database, on a pg_monitor login it creates. */
const startDatabaseExporter: Start = (ctx, binary, databaseUrl) =>
  startPostgresExporter({ adminUrl: databaseUrl, dir: ctx.logs, port: ctx.ports.postgresExporter, binary });

/** redis-exporter for the Redis the API caches in. */
const startCacheExporter: Start = (ctx, binary) =>
  startRedisExporter({
    redisUrl: ctx.options.redisUrl as string,
    dir: ctx.logs,
    port: ctx.ports.redisExporter,
    binary,
  });

/** The blackbox exporter with the stack's modules, probing the API as the stack's probes its public URL. */
const startBlackboxExporter: Start = (ctx, binary) =>
  startExporterBinary({
    kind: 'blackbox',
    dir: ctx.logs,
    port: ctx.ports.blackboxExporter,
    binary,
    args: [`--config.file=${blackboxConfig}`],
  });

/**
 * The third-party exporters, each where its Debian package is installed and the options do not
 * skip it (a drill's stand-in serving that job instead); redis-exporter only where the API uses
 * Redis. Each is a part of its own; a missing binary is reported with the package to install.
 */
export async function startExporterBinaries(
  ctx: PartContext,
  databaseUrl: string,
): Promise<Partial<Record<ExporterKind, RunningExporterBinary>>> {
  const plan: Array<[ExporterKind, Start]> = [
    ['node', startNodeExporter],
    ['postgres', startDatabaseExporter],
    ...(ctx.options.redisUrl ? [['redis', startCacheExporter] as [ExporterKind, Start]] : []),
    ['blackbox', startBlackboxExporter],
  ];
  const running: Partial<Record<ExporterKind, RunningExporterBinary>> = {};
  for (const [kind, start] of plan) {
    if (ctx.options.skipExporters?.includes(kind)) continue;
    const binary = exporterBinary(kind);
    if (!binary) {
      ctx.missing.push({ part: `${kind}-exporter`, reason: missingBinaryMessage(exporterBinaries[kind][0]) });
      continue;
    }
    ctx.options.signal?.throwIfAborted();
    ctx.say(`starting ${kind}-exporter`);
    const exporter = await start(ctx, binary, databaseUrl);
    running[kind] = exporter;
    ctx.parts.add(`${kind}-exporter`, exporter);
  }
  return running;
}
