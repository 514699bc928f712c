import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Duration } from '../../lib/monitoring/index.ts';
import type { RunningPrometheus } from '../../local-platform/prometheus.ts';
import { type drillBlocks, drillPorts } from './drill-ports.ts';
import type { RuleWatch } from './rule-watch.ts';
import { type ArchivingDrill, startArchivingDrill } from './wal-archiving.ts';
import { watchWithRules } from './watched-postgres.ts';

export interface ArchivingSession {
  drill: ArchivingDrill;
  prometheus: RunningPrometheus;
}

/**
 * One archiving drill for a test file, set up before its tests and removed after them: its own
 * PostgreSQL on its port block, the real postgres-exporter, Prometheus with the generated
 * durability rules (the `for:` and thresholds given changed), and the port's constant writes
 * closing a segment every two seconds. `archiving` opens the archive before the writes begin.
 */
export function archivingSession(options: {
  name: keyof typeof drillBlocks;
  forOverrides: Readonly<Record<string, Duration>>;
  thresholdOverrides?: RuleWatch['thresholdOverrides'];
  archiving?: boolean;
}): ArchivingSession {
  const session = {} as ArchivingSession;
  let dir: string | undefined;
  let writer: NodeJS.Timeout | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `porttrack-${options.name}-drill-`));
    const [postgres, exporter, port] = await drillPorts(options.name, 3);
    session.drill = await startArchivingDrill(dir, { postgres, exporter });
    if (options.archiving) await session.drill.openArchive();
    session.prometheus = await watchWithRules(
      session.drill,
      join(dir, 'prom'),
      'durability.rules.yml',
      options.forOverrides,
      { port, thresholdOverrides: options.thresholdOverrides },
    );
    writer = setInterval(() => void session.drill.fillSegment().catch(() => undefined), 2000);
  }, 60_000);
  afterAll(async () => {
    clearInterval(writer);
    await session.prometheus?.stop();
    await session.drill?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return session;
}
