import { createHash } from 'node:crypto';
import type { Alert, AlertmanagerWebhook } from './payload.ts';

/**
 * What the notifier has announced of one alert of a group: its status and the episode it
 * belongs to. An episode is one firing of a series, from the start the notifier first heard of
 * to its resolution (`endsAt`). Peers of an Alertmanager cluster can report different `startsAt`
 * for the same episode (each keeps the earliest it received from either Prometheus replica), so
 * the episode is told apart by its resolution, not by `startsAt`.
 */
export interface AnnouncedAlert {
  status: 'firing' | 'resolved';
  /** Earliest start heard of, ms since the epoch. */
  startsAt: number;
  /** Resolution time, ms since the epoch (resolved alerts only). */
  endsAt?: number;
}

export type AnnouncedAlerts = Record<string, AnnouncedAlert>;

/** `change`: a state change to deliver; `reminder`: the same state, a repeat window later; `duplicate`: nothing to deliver. */
export type NewsKind = 'change' | 'reminder' | 'duplicate';

export interface GroupNews {
  kind: NewsKind;
  /**
   * A change made only of alerts firing again under a start no later than their announced
   * resolution: a lagging peer's snapshot (the cluster then sends the resolution again) or an
   * Alertmanager that resolved by timeout and heard from Prometheus again. Delivered after a hold,
   * and cancelled if the resolution comes back within it.
   */
  held: boolean;
  /** The group's announced alerts once this webhook is taken into account (unchanged for a duplicate). */
  announced: AnnouncedAlerts;
}

/**
 * How an alert of a webhook compares with what was announced: `new` is news, `suspect` is news
 * that may be a lagging peer's (firing again under its announced episode's start), `stale` is
 * older than what was announced (an earlier episode's resolution).
 */
type Verdict = 'new' | 'suspect' | 'same' | 'stale';

/** Resolved episodes are forgotten this long after their resolution (a lagging peer's echo is long over). */
export const forgetResolvedAfterMs = 24 * 60 * 60 * 1000;

/**
 * The group's identity: receiver plus its group labels (Alertmanager's `groupLabels`), sorted.
 * Not Alertmanager's `groupKey` string: it also holds the route's matchers, which differ between
 * peers during a configuration roll-out, while the group labels are what the receiver sees.
 */
export function groupIdentity(receiver: string, payload: AlertmanagerWebhook): string {
  const labels = Object.entries(payload.groupLabels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return createHash('sha256')
    .update([receiver, ...labels].join('\n'))
    .digest('hex');
}

function judge(alert: Alert, known: AnnouncedAlert | undefined): [Verdict, AnnouncedAlert | undefined] {
  const startsAt = Date.parse(alert.startsAt);
  if (alert.status === 'firing') {
    if (!known) return ['new', { status: 'firing', startsAt }];
    if (known.status === 'firing')
      return ['same', { status: 'firing', startsAt: Math.min(known.startsAt, startsAt) }];
    // Resolved already, and Alertmanager says it fires: never swallowed. A start after the
    // resolution is the series firing again. Otherwise it is a lagging peer's snapshot from
    // before the resolution, or an Alertmanager that resolved it by timeout and then heard from
    // Prometheus again (same startsAt): `suspect`, delivered after a hold unless the resolution
    // comes back within it.
    return [startsAt > known.endsAt! ? 'new' : 'suspect', { status: 'firing', startsAt }];
  }
  const endsAt = Date.parse(alert.endsAt);
  const resolved: AnnouncedAlert = {
    status: 'resolved',
    startsAt: known ? Math.min(known.startsAt, startsAt) : startsAt,
    endsAt,
  };
  // A resolution never announced is always news, even from a peer that missed the firing.
  if (!known) return ['new', resolved];
  if (known.status === 'firing')
    // Resolving before the announced episode began: the end of an earlier episode, arriving late.
    return endsAt >= known.startsAt ? ['new', resolved] : ['stale', known];
  // Resolved already; an episode that started after that resolution fired and resolved unseen.
  return startsAt > known.endsAt! ? ['new', { ...resolved, startsAt }] : ['same', known];
}

/**
 * Decides whether a webhook is news for its group, given what was announced and when the group
 * was last paged. News: any alert firing or resolved that was not announced so (a new alert, a
 * resolution, a series firing again). A reminder: nothing new, at least one alert still firing as
 * announced, no alert older than what was announced, and `repeatMs` passed since the last page.
 * Anything else (a retry, a peer's copy, a subset of the announced alerts, an earlier episode's
 * resolution arriving late) is a duplicate.
 */
export function groupNews(
  announced: AnnouncedAlerts,
  payload: AlertmanagerWebhook,
  lastPageAt: Date | null,
  now: Date,
  repeatMs: number,
): GroupNews {
  const next: AnnouncedAlerts = {};
  for (const [fingerprint, a] of Object.entries(announced))
    if (a.status === 'firing' || now.getTime() - a.endsAt! < forgetResolvedAfterMs) next[fingerprint] = a;
  const verdicts = payload.alerts.map((alert) => {
    const [verdict, state] = judge(alert, next[alert.fingerprint]);
    if (state) next[alert.fingerprint] = state;
    return { verdict, firing: alert.status === 'firing' };
  });
  if (verdicts.some((v) => v.verdict === 'new')) return { kind: 'change', held: false, announced: next };
  if (verdicts.some((v) => v.verdict === 'suspect')) return { kind: 'change', held: true, announced: next };
  const stillFiring = verdicts.some((v) => v.verdict === 'same' && v.firing);
  const stale = verdicts.some((v) => v.verdict === 'stale');
  const windowOver = !lastPageAt || now.getTime() - lastPageAt.getTime() >= repeatMs;
  if (stillFiring && !stale && windowOver) return { kind: 'reminder', held: false, announced: next };
  return { kind: 'duplicate', held: false, announced };
}
