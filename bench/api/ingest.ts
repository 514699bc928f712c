import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offsetM } from '../../api/seed/geo.ts';
import { port } from '../../api/seed/port-geography.ts';
import type { PositionReport as Report } from '../../api/simulator/reports.ts';

export interface IngestRun {
  rows: number;
  seconds: number;
  rows_per_s: number;
}

/**
 * `count` AIS reports for the given vessels, spread over the approaches: deterministic, one
 * second apart per vessel, all ending before `end`.
 */
export function makeReports(mmsis: readonly string[], count: number, end: Date): Report[] {
  const reports: Report[] = [];
  for (let i = 0; i < count; i++) {
    const vessel = i % mmsis.length;
    const step = Math.floor(i / mmsis.length);
    const [lon, lat] = offsetM(
      port.anchorage.centre,
      ((vessel * 37) % 4000) - 2000 + step,
      ((vessel * 53) % 4000) - 2000,
    );
    reports.push({
      mmsi: mmsis[vessel] as string,
      ts: new Date(end.getTime() - (count - i) * 1000).toISOString(),
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      sog: 8.5,
      cog: 245.1,
      heading: 245,
      nav_status: 0,
    });
  }
  return reports;
}

/** Posts the reports in batches, `concurrency` requests in flight; every report must be accepted. */
export async function ingestViaApi(
  url: string,
  token: string,
  reports: readonly Report[],
  batchSize: number,
  concurrency: number,
): Promise<IngestRun> {
  const batches: string[] = [];
  for (let i = 0; i < reports.length; i += batchSize)
    batches.push(JSON.stringify(reports.slice(i, i + batchSize)));
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < batches.length) {
      const body = batches[next++] as string;
      const response = await fetch(`${url}/api/v1/positions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      const answer = (await response.json()) as { accepted?: number; rejected?: unknown[] };
      if (!response.ok || answer.rejected?.length)
        throw new Error(
          `POST /positions answered ${response.status} with ${answer.rejected?.length ?? '?'} rejected reports`,
        );
      accepted += answer.accepted ?? 0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (accepted !== reports.length)
    throw new Error(`the API accepted ${accepted} of ${reports.length} reports`);
  return { rows: accepted, seconds, rows_per_s: accepted / seconds };
}

/** The same rows (vessel id resolved, as the API stores them) through `psql \copy` into positions. */
export async function copyViaPsql(
  databaseUrl: string,
  reports: readonly Report[],
  vesselIds: ReadonlyMap<string, number>,
): Promise<IngestRun> {
  const file = join(tmpdir(), `porttrack-bench-${process.pid}-${Date.now()}.csv`);
  const csv = reports
    .map((r) =>
      [vesselIds.get(r.mmsi) ?? '', r.mmsi, r.ts, r.lat, r.lon, r.sog, r.cog, r.heading, r.nav_status].join(
        ',',
      ),
    )
    .join('\n');
  await writeFile(file, `${csv}\n`);
  try {
    const command = `\\copy positions (vessel_id, mmsi, ts, lat, lon, sog, cog, heading, nav_status) FROM '${file}' WITH (FORMAT csv)`;
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', (err) =>
        reject(new Error(`psql could not run (${err.message}); install postgresql-client`)),
      );
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`psql \\copy failed (${code}): ${stderr.trim()}`)),
      );
    });
    const seconds = (performance.now() - started) / 1000;
    return { rows: reports.length, seconds, rows_per_s: reports.length / seconds };
  } finally {
    await rm(file, { force: true });
  }
}
