import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exporterCollectors, exporters } from '../lib/catalog/exporters.ts';
import { cargoCategories, cargoUnits, staffRoles, vesselTypes } from './domains.ts';
import type { CraftedPort, CraftedPortRun } from './testing/crafted-port.ts';
import { parseScrape, type Scrape } from './testing/scrape.ts';
import { useCraftedPort } from './testing/use-crafted-port.ts';

let run: CraftedPortRun;
let port: CraftedPort;
let metrics: Scrape;
useCraftedPort('exporters_exposition', (ready) => ({ port, metrics } = run = ready));

const now = () => Date.now();

describe('the exposition', () => {
  it('publishes every exporter metric of the catalog, with how often it refreshes in HELP', () => {
    for (const def of Object.values(exporters)) {
      expect(metrics.text, def.name).toContain(`# TYPE ${def.name} ${def.type}`);
      expect(metrics.help(def.name), def.name).toMatch(
        /Refreshed every \d+ s|Updated by (each|every) refresh/,
      );
    }
    expect(metrics.help(exporters.vesselsInPort.name)).toContain(
      'Refreshed every 15 s by the vessel-traffic collector',
    );
  });

  it('reports healthy self metrics for every collector', () => {
    expect(metrics.value(exporters.databaseUp.name)).toBe(1);
    const collectors = metrics.series(exporters.lastRefreshSuccess.name);
    // The catalog's list of the `collector` label is the collectors the exporter runs.
    expect(collectors.map((s) => s.labels.collector).sort()).toEqual([...exporterCollectors].sort());
    for (const s of collectors) expect(now() / 1000 - s.value).toBeLessThan(60);
    for (const s of metrics.series(exporters.refreshErrors.name)) expect(s.value).toBe(0);
    // Within the settle window every refresh of cargo-throughput reads all its progress rows again.
    const scanned = metrics.value(exporters.rowsScanned.name, { collector: 'cargo-throughput' });
    expect(scanned).toBeGreaterThanOrEqual(port.progress.length);
    expect(scanned % port.progress.length).toBe(0);
  });

  it('keeps labels to bounded sets: no ids, names or MMSIs', () => {
    const allowed: Record<string, Set<string>> = {
      type: new Set(vesselTypes),
      category: new Set(cargoCategories),
      unit: new Set(cargoUnits),
      role: new Set(staffRoles),
      status: new Set(['expected', 'at_anchorage', 'berthed', 'planned', 'in_progress', 'stalled']),
      berth: new Set(port.berths.map((b) => b.code)),
      route: new Set(port.routes.map((r) => r.code)),
      collector: new Set(metrics.series(exporters.lastRefreshSuccess.name).map((s) => s.labels.collector!)),
    };
    for (const def of Object.values(exporters)) {
      for (const series of metrics.series(def.name)) {
        for (const [label, value] of Object.entries(series.labels)) {
          expect(allowed[label]?.has(value), `${def.name}{${label}="${value}"}`).toBe(true);
        }
      }
    }
  });

  it('passes promtool check metrics', async () => {
    const promtool = process.env.PROMTOOL ?? '/usr/bin/promtool';
    const child = promisify(execFile)(promtool, ['check', 'metrics']);
    child.child.stdin?.end(metrics.text);
    const { stdout, stderr } = await child;
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it('answers scrapes from the cache while the database is busy elsewhere', async () => {
    // Hold an exclusive lock on a table every collector reads: a scrape must not notice.
    const client = await run.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE port_calls IN ACCESS EXCLUSIVE MODE');
      const started = performance.now();
      const again = parseScrape(await (await fetch(`${run.exporter.url}/metrics`)).text());
      expect(performance.now() - started).toBeLessThan(1000);
      expect(again.value(exporters.anchorageQueueLength.name)).toBe(
        metrics.value(exporters.anchorageQueueLength.name),
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
