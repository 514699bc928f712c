import { describe, expect, it } from 'vitest';
import { exporters } from '../../lib/catalog/exporters.ts';
import { cargoCategories, cargoUnits } from '../domains.ts';
import { type CraftedPort, secondsSince, stallSeconds, sumBy } from '../testing/crafted-port.ts';
import type { Scrape } from '../testing/scrape.ts';
import { useCraftedPort } from '../testing/use-crafted-port.ts';

let port: CraftedPort;
let metrics: Scrape;
useCraftedPort('exporters_cargo', (run) => ({ port, metrics } = run));

describe('cargo', () => {
  const active = () => port.ops.filter((o) => ['planned', 'in_progress', 'stalled'].includes(o.status));
  const idleSince = (o: (typeof port.ops)[number]) => o.last_progress_at ?? o.started_at;
  const stalled = () =>
    active().filter(
      (o) =>
        o.status !== 'planned' && idleSince(o) !== undefined && secondsSince(idleSince(o)!) > stallSeconds,
    );

  it('counts active operations by status and category', () => {
    for (const status of ['planned', 'in_progress', 'stalled']) {
      for (const category of cargoCategories) {
        const expected = port.ops.filter((o) => o.status === status && o.category === category).length;
        expect(metrics.value(exporters.cargoOperations.name, { status, category })).toBe(expected);
      }
    }
  });

  it('reports stalled operations and the oldest stall', () => {
    expect(stalled().length).toBe(2);
    expect(metrics.value(exporters.cargoStalled.name)).toBe(stalled().length);
    const oldest = Math.max(...stalled().map((o) => secondsSince(idleSince(o)!)));
    expect(metrics.value(exporters.cargoStalledOldestAge.name)).toBeCloseTo(oldest, -1);
  });

  it('reports the queued quantity by category and unit', () => {
    for (const category of cargoCategories) {
      for (const unit of cargoUnits) {
        const expected = sumBy(
          active().filter((o) => o.category === category && o.unit === unit),
          (o) => o.quantity - o.quantity_done,
        );
        expect(metrics.value(exporters.cargoQueued.name, { category, unit })).toBeCloseTo(expected, 6);
      }
    }
  });

  it('derives cargo handled by category and unit from the progress rows', () => {
    for (const category of cargoCategories) {
      for (const unit of cargoUnits) {
        const expected = sumBy(
          port.progress.filter((p) => {
            const op = port.ops.find((o) => o.id === p.cargo_operation_id)!;
            return op.category === category && op.unit === unit;
          }),
          (p) => p.quantity_delta,
        );
        expect(metrics.value(exporters.cargoThroughput.name, { category, unit }), `${category}/${unit}`).toBe(
          expected,
        );
      }
    }
  });
});
