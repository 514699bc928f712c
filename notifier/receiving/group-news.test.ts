import { describe, expect, it } from 'vitest';
import { webhookPayload } from '../testing/fixtures.ts';
import { type AnnouncedAlerts, groupIdentity, groupNews } from './group-news.ts';
import type { Alert, AlertmanagerWebhook } from './payload.ts';

const repeatMs = 60 * 60_000;
const t = (minute: number) => new Date(Date.parse('2026-11-23T10:00:00Z') + minute * 60_000);
const iso = (minute: number) => t(minute).toISOString();
const zero = '0001-01-01T00:00:00Z';

const base = webhookPayload().alerts[0]!;
const alert = (fingerprint: string, startMinute: number, endMinute?: number): Alert => ({
  ...base,
  fingerprint,
  status: endMinute === undefined ? 'firing' : 'resolved',
  startsAt: iso(startMinute),
  endsAt: endMinute === undefined ? zero : iso(endMinute),
});
const group = (...alerts: Alert[]): AlertmanagerWebhook =>
  webhookPayload({ alerts, status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved' });

/** Feeds webhooks in order, as the store does; returns each one's kind. */
function replay(steps: Array<[minute: number, payload: AlertmanagerWebhook]>): string[] {
  let announced: AnnouncedAlerts = {};
  let lastPageAt: Date | null = null;
  return steps.map(([minute, payload]) => {
    const news = groupNews(announced, payload, lastPageAt, t(minute), repeatMs);
    if (news.kind !== 'duplicate') [announced, lastPageAt] = [news.announced, t(minute)];
    return news.kind;
  });
}

describe('groupIdentity', () => {
  it('is the receiver and the group labels, whatever their order or the groupKey string', () => {
    const a = webhookPayload({ groupLabels: { alertname: 'X', service: 'api' }, groupKey: 'a' });
    const b = webhookPayload({ groupLabels: { service: 'api', alertname: 'X' }, groupKey: 'b' });
    expect(groupIdentity('oncall', a)).toBe(groupIdentity('oncall', b));
    expect(groupIdentity('platform', a)).not.toBe(groupIdentity('oncall', a));
    expect(groupIdentity('oncall', webhookPayload({ groupLabels: { alertname: 'Y' } }))).not.toBe(
      groupIdentity('oncall', a),
    );
  });
});

describe('groupNews', () => {
  it('pages a firing once: retries and peers with another startsAt or a subset are duplicates', () => {
    expect(
      replay([
        [0, group(alert('a', 0), alert('b', 0))],
        [0, group(alert('a', 0), alert('b', 0))], // Alertmanager's retry
        [0.1, group(alert('a', -0.2), alert('b', 0.3))], // a peer that heard the other Prometheus first
        [0.2, group(alert('a', 0))], // a peer that has not received b yet
      ]),
    ).toEqual(['change', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('pages each change of the alert set and the resolution, once each', () => {
    expect(
      replay([
        [0, group(alert('a', 0))],
        [1, group(alert('a', 0), alert('b', 1))],
        [1, group(alert('a', 0), alert('b', 1))],
        [2, group(alert('a', 0), alert('b', 1, 2))],
        [2, group(alert('a', 0), alert('b', 1, 2))],
        [3, group(alert('a', 0, 3), alert('b', 1, 2))],
        [3, group(alert('a', 0, 3))],
      ]),
    ).toEqual(['change', 'change', 'duplicate', 'change', 'duplicate', 'change', 'duplicate']);
  });

  it('reminds once per repeat window of an unchanged firing group', () => {
    expect(
      replay([
        [0, group(alert('a', 0))],
        [30, group(alert('a', 0))], // a partitioned peer's copy inside the window
        [61, group(alert('a', 0))], // the reminder
        [61.1, group(alert('a', -0.5))], // its copy from another peer
        [122, group(alert('a', 0))],
      ]),
    ).toEqual(['change', 'duplicate', 'reminder', 'duplicate', 'reminder']);
  });

  it('never swallows a resolution: from a peer that missed the firing, or after a reminder', () => {
    expect(
      replay([
        [0, group(alert('a', 0))],
        [61, group(alert('a', 0))],
        [61.5, group(alert('a', 0.2, 61))],
      ]),
    ).toEqual(['change', 'reminder', 'change']);
    expect(replay([[0, group(alert('a', 0, 1))]])).toEqual(['change']);
  });

  it('holds a firing after its announced resolution under the same start, never drops it', () => {
    const kinds = (steps: Array<[number, AlertmanagerWebhook]>) => {
      let announced: AnnouncedAlerts = {};
      let lastPageAt: Date | null = null;
      return steps.map(([minute, payload]) => {
        const news = groupNews(announced, payload, lastPageAt, t(minute), repeatMs);
        if (news.kind !== 'duplicate') [announced, lastPageAt] = [news.announced, t(minute)];
        return `${news.kind}${news.held ? ' (held)' : ''}`;
      });
    };
    const resolvedAt2: Array<[number, AlertmanagerWebhook]> = [
      [0, group(alert('a', 0))],
      [2, group(alert('a', 0, 2))],
    ];
    // A lagging peer's snapshot, or an Alertmanager that resolved by timeout: held; its copy.
    expect(kinds([...resolvedAt2, [2.1, group(alert('a', 0))], [2.1, group(alert('a', -0.1))]])).toEqual([
      'change',
      'change',
      'change (held)',
      'duplicate',
    ]);
    // Firing again, started after the resolution; or beside a new alert: at once.
    expect(kinds([...resolvedAt2, [3, group(alert('a', 3))]]).at(-1)).toBe('change');
    expect(kinds([...resolvedAt2, [3, group(alert('a', 0), alert('b', 3))]]).at(-1)).toBe('change');
  });

  it('drops an earlier episode resolving late, and reminds nobody of it', () => {
    expect(
      replay([
        [0, group(alert('a', 0))],
        [2, group(alert('a', 0, 2))],
        [80, group(alert('a', 80))], // the series firing again
        [80.1, group(alert('a', 0, 2))], // the first episode's resolution, late
        [150, group(alert('a', 0, 2), alert('b', 150))], // with a new alert: a change, a stays firing
        [151, group(alert('a', 80, 151))],
      ]),
    ).toEqual(['change', 'change', 'change', 'duplicate', 'change', 'change']);
  });

  it('forgets resolved alerts a day after their resolution', () => {
    const news = groupNews(
      { a: { status: 'resolved', startsAt: 0, endsAt: t(0).getTime() } },
      group(alert('b', 1)),
      null,
      t(25 * 60),
      repeatMs,
    );
    expect(Object.keys(news.announced)).toEqual(['b']);
  });
});
