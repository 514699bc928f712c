import { markers, type Notice } from '../rendering/notice.ts';
import type { DigestFigures } from './figures.ts';

const num = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The port managers' daily digest as a Notice (email HTML/text, preview, Slack if configured). */
export function digestNotice(f: DigestFigures, grafanaUrl: string, dashboardUid: string): Notice {
  const link = {
    label: 'Port Operations dashboard',
    url: `${grafanaUrl}/d/${dashboardUid}?from=${Date.parse(f.from)}&to=${Date.parse(f.to)}`,
  };
  const gapTotal = f.staffingGaps.reduce((sum, g) => sum + g.required - g.rostered, 0);
  const firedTotal = f.alerts.reduce((sum, a) => sum + a.fired, 0);
  return {
    title: `[DIGEST] PortTrack daily digest ${f.to.slice(0, 10)}`,
    marker: markers.digest,
    intro: `Port activity from ${day(f.from)} to ${day(f.to)} UTC.`,
    items: [
      {
        heading: 'Traffic and berths',
        fields: [
          ['Arrivals', num(f.arrivals)],
          ['Departures', num(f.departures)],
          ['Berth occupancy (24 h)', pct(f.berths.occupancyRatio)],
          ['Berths occupied now', `${f.berths.occupiedNow} of ${f.berths.total}`],
        ],
        links: [link],
      },
      {
        heading: 'Cargo handled by category',
        fields: f.cargo.length ? [] : [['Cargo', 'no cargo handled']],
        ...(f.cargo.length
          ? {
              table: {
                columns: ['Category', 'Direction', 'Quantity'],
                rows: f.cargo.map((c) => [c.category, c.direction, `${num(c.quantity)} ${c.unit}`]),
              },
            }
          : {}),
        links: [],
      },
      {
        heading: 'Staffing gaps',
        fields: [['Missing staff', String(gapTotal)]],
        ...(f.staffingGaps.length
          ? {
              table: {
                columns: ['Shift', 'Starts', 'Role', 'Rostered / required'],
                rows: f.staffingGaps.map((g) => [
                  g.shift,
                  day(g.startsAt),
                  g.role,
                  `${g.rostered} / ${g.required}`,
                ]),
              },
            }
          : {}),
        links: [],
      },
      {
        heading: 'Alerts fired',
        fields: [['Alerts fired', String(firedTotal)]],
        ...(f.alerts.length
          ? {
              table: {
                columns: ['Alert', 'Severity', 'Times fired'],
                rows: f.alerts.map((a) => [a.alertname, a.severity, String(a.fired)]),
              },
            }
          : {}),
        links: [],
      },
    ],
  };
}
