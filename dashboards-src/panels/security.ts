import { api, count } from '../../lib/catalog/index.ts';
import {
  increaseOf,
  inWords,
  ranges,
  rateOf,
  selector,
  sumBy,
  thresholds,
} from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { timeseries } from './kinds.ts';

export interface SecurityPanelOptions extends PanelSize {
  matchers: readonly string[];
}

/** The window of ApiFailedLoginsHigh, so the panel shows what the alert counts. */
const loginsWindow = thresholds.api.failedLoginsWindow;

export function failedLoginsTimeseries({ matchers, ...size }: SecurityPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: `Failed logins (${inWords(loginsWindow)})`,
      description: `Login attempts that did not succeed in the last ${inWords(loginsWindow)}, by result. The alert fires above ${thresholds.api.failedLogins}.`,
      unit: 'short',
      min: 0,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: thresholds.api.failedLogins, color: 'red' },
      ],
      thresholdLines: true,
      targets: [
        promTarget(
          0,
          sumBy(['result'], increaseOf(loginsWindow, api.logins.name, ...matchers, 'result!="success"')),
          {
            legend: '{{result}}',
          },
        ),
      ],
    }),
    {
      ...size,
      emptyWhenHealthy: { drill: 'failed-login drill: 12 logins with a wrong password within 5 minutes' },
    },
  );
}

export function loginAttemptsTimeseries({ matchers, ...size }: SecurityPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title: 'Login attempts by result',
      description: 'Login attempts per second: successful against failed, throttled and rate-limited.',
      unit: 'ops',
      stacked: true,
      targets: [
        promTarget(0, sumBy(['result'], rateOf(ranges.panel, api.logins.name, ...matchers)), {
          legend: '{{result}}',
        }),
      ],
    }),
    size,
  );
}

export function unusualTrafficTimeseries({ matchers, ...size }: SecurityPanelOptions): PanelSpec {
  const requests = selector(count(api.httpRequestDuration), ...matchers);
  const now = `sum(rate(${requests}[$__rate_interval]))`;
  const dayBefore = `sum(rate(${requests}[$__rate_interval] offset 1d))`;
  return spec(
    timeseries({
      title: 'Unusual traffic: now against a day earlier',
      description:
        'Request rate now and at the same time a day earlier, and their ratio (right axis). ' +
        'A ratio far from 1 without a known cause deserves a look.',
      unit: 'reqps',
      targets: [
        promTarget(0, now, { legend: 'now' }),
        promTarget(1, dayBefore, { legend: 'a day earlier' }),
        promTarget(2, `${now} / ${dayBefore}`, { legend: 'ratio' }),
      ],
    }).overrideByQuery('C', [
      { id: 'unit', value: 'short' },
      { id: 'custom.axisPlacement', value: 'right' },
    ]),
    {
      ...size,
      emptyWhenHealthy: {
        drill:
          'needs a day of history: empty during the first 24 h of a fresh Prometheus (no fault drill applies)',
        refIds: ['B', 'C'],
      },
    },
  );
}
