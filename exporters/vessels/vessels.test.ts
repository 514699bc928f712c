import { describe, expect, it } from 'vitest';
import { exporters } from '../../lib/catalog/exporters.ts';
import { vesselTypes } from '../domains.ts';
import { type CraftedPort, secondsSince, staleSeconds, sumBy, H } from '../testing/crafted-port.ts';
import type { Scrape } from '../testing/scrape.ts';
import { useCraftedPort } from '../testing/use-crafted-port.ts';

let port: CraftedPort;
let metrics: Scrape;
useCraftedPort('exporters_vessels', (run) => ({ port, metrics } = run));

describe('vessel traffic', () => {
  it('counts vessels with an open port call by status and type', () => {
    for (const status of ['expected', 'at_anchorage', 'berthed']) {
      for (const type of vesselTypes) {
        const expected = port.calls.filter(
          (c) =>
            c.status === status && Object.values(port.v).find((v) => v.id === c.vessel_id)?.type === type,
        ).length;
        expect(metrics.value(exporters.vesselsInPort.name, { status, type }), `${status}/${type}`).toBe(
          expected,
        );
      }
    }
  });

  it('reports the anchorage queue and its longest wait', () => {
    const waiting = port.calls.filter((c) => c.status === 'at_anchorage');
    expect(metrics.value(exporters.anchorageQueueLength.name)).toBe(waiting.length);
    const longest = Math.max(...waiting.map((c) => secondsSince(c.arrived_at!)));
    expect(metrics.value(exporters.anchorageLongestWait.name)).toBeCloseTo(longest, -1);
  });

  it('reports berth occupancy per berth and overall', () => {
    const occupied = new Set(port.calls.filter((c) => c.status === 'berthed').map((c) => c.berth_id));
    for (const berth of port.berths) {
      expect(metrics.value(exporters.berthOccupied.name, { berth: berth.code })).toBe(
        occupied.has(berth.id) ? 1 : 0,
      );
    }
    expect(metrics.value(exporters.berthOccupancyRatio.name)).toBeCloseTo(
      occupied.size / port.berths.length,
      9,
    );
  });

  it('reports route status and the vessels scheduled on each route', () => {
    const open = ['expected', 'at_anchorage', 'berthed'];
    for (const route of port.routes) {
      expect(metrics.value(exporters.routeOpen.name, { route: route.code })).toBe(
        route.status === 'open' ? 1 : 0,
      );
      const scheduled = port.calls.filter(
        (c) => open.includes(c.status) && (c.entry_route_id === route.id || c.exit_route_id === route.id),
      ).length;
      expect(metrics.value(exporters.routeScheduledVessels.name, { route: route.code })).toBe(scheduled);
    }
  });

  it('averages the turnaround of port calls that departed in the last 24 h', () => {
    const recent = port.calls.filter((c) => c.departed_at && secondsSince(c.departed_at) < 24 * H);
    const average =
      sumBy(recent, (c) => (c.departed_at!.getTime() - c.arrived_at!.getTime()) / 1000) / recent.length;
    expect(recent.length).toBe(2);
    expect(metrics.value(exporters.turnaroundAverage.name)).toBeCloseTo(average, 3);
  });

  it('derives arrivals and departures by vessel type from the events', () => {
    const typeOfCall = (callId: number) => {
      const call = port.calls.find((c) => c.id === callId)!;
      return Object.values(port.v).find((v) => v.id === call.vessel_id)!.type;
    };
    for (const type of vesselTypes) {
      const count = (kind: string) =>
        port.events.filter((e) => e.type === kind && typeOfCall(e.port_call_id) === type).length;
      expect(metrics.value(exporters.arrivals.name, { type }), type).toBe(count('arrived'));
      expect(metrics.value(exporters.departures.name, { type }), type).toBe(count('departed'));
    }
  });

  it('reports AIS freshness and the vessels in port with a stale position', () => {
    // The newest real report was received 42 s before the refresh (more on a loaded machine, less
    // than the next one's 300 s). The synthetic vessel's report, 41 s younger, is ignored: probes
    // that succeed cannot keep AisFeedSilent quiet.
    const age = metrics.value(exporters.newestPositionAge.name);
    expect(age).toBeGreaterThanOrEqual(41);
    expect(age).toBeLessThan(300);
    const inPort = port.calls.filter((c) => c.status === 'at_anchorage' || c.status === 'berthed');
    const latest: Record<number, number> = { [port.v.box1.id]: 60, [port.v.box2.id]: 1200 };
    const stale = inPort.filter((c) => (latest[c.vessel_id] ?? Infinity) > staleSeconds).length;
    expect(stale).toBe(2);
    expect(metrics.value(exporters.vesselsStalePosition.name)).toBe(stale);
  });
});
