import { describe, expect, it } from 'vitest';
import { dashboardLink, graphLink, runbookLink, silenceLink } from './links.ts';

describe('links', () => {
  const startsAt = '2026-11-23T10:00:00Z';
  const start = Date.parse(startsAt);

  it('opens the dashboard panel on the alert range: an hour before it started to its end', () => {
    const url = new URL(
      dashboardLink(
        'https://grafana.test',
        'porttrack-api/3',
        startsAt,
        '2026-11-23T10:30:00Z',
        start + 7_200_000,
      )!,
    );
    expect(url.pathname).toBe('/d/porttrack-api');
    expect(url.searchParams.get('viewPanel')).toBe('3');
    expect(Number(url.searchParams.get('from'))).toBe(start - 3_600_000);
    expect(Number(url.searchParams.get('to'))).toBe(start + 1_800_000);
  });

  it('ends a firing alert range at now, and works without a panel', () => {
    const now = start + 600_000;
    const url = new URL(
      dashboardLink('https://grafana.test', 'porttrack-slo', startsAt, '0001-01-01T00:00:00Z', now)!,
    );
    expect(url.searchParams.has('viewPanel')).toBe(false);
    expect(Number(url.searchParams.get('to'))).toBe(now);
    expect(dashboardLink('https://grafana.test', 'not a ref!', startsAt, undefined)).toBeUndefined();
  });

  it('builds a silence filter with exactly the alert labels, quoted', () => {
    const url = silenceLink('http://am.test:9093', { service: 'api', alertname: 'X', path: 'a"b' })!;
    expect(url.startsWith('http://am.test:9093/#/silences/new?filter=')).toBe(true);
    expect(decodeURIComponent(url.split('filter=')[1]!)).toBe('{alertname="X",path="a\\"b",service="api"}');
  });

  it('moves the graph link onto PROMETHEUS_URL and resolves relative runbooks', () => {
    const generator = 'http://abc123:9090/graph?g0.expr=up&g0.tab=1';
    expect(graphLink(generator)).toBe(generator);
    expect(graphLink(generator, 'https://prom.test/prometheus')).toBe(
      'https://prom.test/prometheus/graph?g0.expr=up&g0.tab=1',
    );
    expect(runbookLink('runbooks/alerts/X.md', 'https://git.test/repo/blob/main')).toBe(
      'https://git.test/repo/blob/main/runbooks/alerts/X.md',
    );
    expect(runbookLink('runbooks/alerts/X.md')).toBeUndefined();
  });
});
