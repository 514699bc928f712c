import { knotsToMs, lineLengthM, type LonLat } from '../../../api/seed/geo.ts';
import { port, routeSites } from '../../../api/seed/port-geography.ts';
import { type Fix, navStatus, onRoute } from '../../../api/seed/positions.ts';
import { approachPath, departurePath, shiftPath, voyageKnots } from '../../../api/simulator/voyages.ts';
import type { PlacedIncident } from '../incidents.ts';
import { jitter } from '../shape.ts';
import type { HistoryPort } from './plan.ts';

/**
 * The AIS tracks of the history's port calls: approaching on the entry route to the anchorage
 * (12 kn, the simulator's voyages), at anchor, shifting to the berth (6 kn), moored, leaving on
 * the exit route. Every vessel near the port reports every `reportEveryMs`: the model's position
 * rate (moment.ts, 1.2 reports per 10 s per vessel in port). Nothing is reported while a placed
 * AIS silence lasts, so the newest position ages through it as the Prometheus side says.
 */
export const reportEveryMs = 10_000 / 1.2;

interface Leg {
  from: number;
  to: number;
  fix: (t: number) => Fix | undefined;
}

export interface Track {
  vessel: number;
  /** Where in the report period this vessel's reports fall. */
  offsetMs: number;
  legs: Leg[];
}

const travelMs = (path: readonly LonLat[], knots: number) => (lineLengthM(path) / knotsToMs(knots)) * 1000;
const coordinatesOf = (route: number) => routeSites[route]!.coordinates;
const still = (point: LonLat, heading: number, status: number, sog = 0): Fix => ({
  lon: point[0],
  lat: point[1],
  sog,
  cog: 0,
  heading,
  navStatus: status,
});

export function tracksOf(history: HistoryPort): Track[] {
  const end = history.end * 1000;
  return history.calls.flatMap((call, index) => {
    const arrival =
      call.arrivedAt?.getTime() ?? (call.status === 'expected' ? call.eta.getTime() : undefined);
    if (arrival === undefined || call.status === 'cancelled') return [];
    const spot = history.anchorageSpots[index]!;
    const legs: Leg[] = [];
    const approach = approachPath(coordinatesOf(call.entryRoute), spot);
    const approachStart = arrival - travelMs(approach, voyageKnots.approach);
    legs.push({
      from: approachStart,
      to: arrival,
      fix: (t) => onRoute(approach, approachStart, t, voyageKnots.approach),
    });
    const heading = Math.floor(((jitter(index, 7) + 1) / 2) * 360);
    const anchored = still(spot, heading, navStatus.atAnchor, 0.2);
    const berth = call.berth === null ? undefined : history.berths[call.berth];
    if (!berth || !call.berthedAt) {
      legs.push({ from: arrival, to: end, fix: () => anchored });
    } else {
      const berthed = call.berthedAt.getTime();
      const shift = shiftPath(spot, undefined, port.mouth, berth.position);
      const shiftStart = Math.max(arrival, berthed - travelMs(shift, voyageKnots.shift));
      legs.push({ from: arrival, to: shiftStart, fix: () => anchored });
      legs.push({
        from: shiftStart,
        to: berthed,
        fix: (t) => onRoute(shift, shiftStart, t, voyageKnots.shift),
      });
      const departed = call.departedAt?.getTime() ?? end;
      const moored = still(berth.position, berth.heading, navStatus.moored);
      legs.push({ from: berthed, to: departed, fix: () => moored });
      if (call.departedAt) {
        const leaving = departurePath(berth.position, coordinatesOf(call.exitRoute));
        legs.push({
          from: departed,
          to: departed + travelMs(leaving, voyageKnots.departure),
          fix: (t) => onRoute(leaving, departed, t, voyageKnots.departure),
        });
      }
    }
    const offsetMs = Math.floor(((jitter(index, 3) + 1) / 2) * reportEveryMs);
    return [{ vessel: call.vessel, offsetMs, legs }];
  });
}

export interface Report extends Fix {
  vessel: number;
  /** Unix milliseconds. */
  ts: number;
  receivedAt: number;
}

/**
 * Every report of the tracks in [from, to), oldest first, except those inside an AIS silence.
 * Reports reach the API 1-3 s after they are made (received_at).
 */
export function reportsBetween(
  tracks: readonly Track[],
  from: number,
  to: number,
  placed: readonly PlacedIncident[],
): Report[] {
  const silences = placed.filter((i) => i.kind === 'ais-silence').map((i) => [i.start * 1000, i.end * 1000]);
  const out: Report[] = [];
  for (const track of tracks) {
    for (const leg of track.legs) {
      const a = Math.max(from, leg.from);
      const b = Math.min(to, leg.to);
      if (a >= b) continue;
      const first = Math.ceil((a - track.offsetMs) / reportEveryMs);
      for (let k = first; ; k++) {
        const ts = Math.round(track.offsetMs + k * reportEveryMs);
        if (ts >= b) break;
        if (ts < a || silences.some(([s, e]) => ts >= s! && ts < e!)) continue;
        const fix = leg.fix(ts);
        if (!fix) continue;
        const lag = 1000 + Math.floor(((jitter(ts, track.vessel) + 1) / 2) * 2000);
        out.push({ vessel: track.vessel, ts, receivedAt: ts + lag, ...fix });
      }
    }
  }
  return out.sort((x, y) => x.ts - y.ts);
}
