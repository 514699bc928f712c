import type { PlacedIncident } from '../incidents.ts';
import type { Detection, Noise } from './judge.ts';

/**
 * The verdict in words, the same in `npm run backtest`'s MISSED/NOISE lines and in
 * `npm run validate`'s problems: each names the alert and the hour (UTC) it concerns.
 */
export const iso = (t: number | null) =>
  t === null ? 'still firing' : new Date(t * 1000).toISOString().slice(0, 16) + 'Z';
const hourOf = (t: number) => `hour ${new Date(t * 1000).toISOString().slice(11, 13)}h UTC`;
export const minutes = (s: number) => `${Math.round(s / 60)} min`;

/** A firing's labels, less those every firing of the alert carries. */
export const labelText = (l: Record<string, string>) =>
  Object.entries(l)
    .filter(([k]) => !['alertname', 'severity', 'service', 'dashboard'].includes(k))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Why a firing is noise, after its alert's name. */
export const noiseText = (n: Noise) =>
  `fired at ${iso(n.start)} (${hourOf(n.start)}) not explained by any incident (outside them, or an alert none names), until ${iso(n.end)} {${labelText(n.labels)}}`;

/** Why an incident counts as missed, after its name. */
export const missText = (d: Detection, incident: Pick<PlacedIncident, 'start'>) =>
  `(began ${iso(incident.start)}, ${hourOf(incident.start)}) not caught within ${minutes(d.detectWithinS)} by ${d.alerts.join(' or ')}: ${
    d.late ? `${d.late.alert} fired only after ${minutes(d.late.delayS)}` : 'none of them fired'
  }`;
