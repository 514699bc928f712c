import { synthetics } from '../lib/catalog/index.ts';
import { dashboardRef, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const t = thresholds.synthetics;
const probe = { instance: 'synthetics:9466', journey: 'vessel-arrival' };
const labels = { ...target('synthetics', probe.instance), journey: probe.journey };

export const syntheticRules = ruleFile(import.meta.url, 'synthetics', {
  alerts: [
    alert({
      name: 'SyntheticJourneyFailing',
      expr: `${onJob('synthetics', synthetics.probeSuccess.name)} == 0`,
      for: t.failingFor,
      severity: 'critical',
      service: 'synthetics',
      summary: 'A user journey fails end to end.',
      description:
        'The synthetic journey {{ $labels.journey }} has failed its checks for 5 minutes: port staff following it hit the same failure.',
      identifiedBy: ['journey'],
      dashboard: dashboardRef('alerts', 'probes'),
      test: {
        firing: [input('synthetics', synthetics.probeSuccess.name, probe, '0x20')],
        labels,
        healthy: [input('synthetics', synthetics.probeSuccess.name, probe, '1x20')],
      },
    }),
    alert({
      name: 'SyntheticJourneySlow',
      expr: `${onJob('synthetics', synthetics.probeDuration.name)} > ${t.slowSeconds}`,
      for: t.slowFor,
      severity: 'warning',
      service: 'synthetics',
      summary: 'A user journey is slow.',
      description: `The synthetic journey {{ $labels.journey }} took {{ $value | humanizeDuration }} (threshold ${t.slowSeconds}s) on every run for 15 minutes.`,
      identifiedBy: ['journey'],
      dashboard: dashboardRef('alerts', 'probes'),
      test: {
        firing: [input('synthetics', synthetics.probeDuration.name, probe, '8x30')],
        labels,
        value: '8s',
        healthy: [input('synthetics', synthetics.probeDuration.name, probe, '1.5x30')],
      },
    }),
    alert({
      name: 'SyntheticProbesNotRunning',
      expr: `time() - ${onJob('synthetics', synthetics.probeLastRun.name)} > ${t.notRunSeconds}`,
      for: t.notRunFor,
      severity: 'warning',
      service: 'synthetics',
      summary: 'Synthetic probes have stopped running.',
      description: `The journey {{ $labels.journey }} last ran {{ $value | humanizeDuration }} ago: failures of the user journeys would go unnoticed.`,
      identifiedBy: ['journey'],
      dashboard: dashboardRef('alerts', 'probes'),
      test: {
        // The condition first holds here (not run for more than 15 minutes).
        holdsFrom: '930s',
        firing: [input('synthetics', synthetics.probeLastRun.name, probe, '0x30')],
        labels,
        firesAt: '22m',
        value: '22m 0s',
        healthy: [input('synthetics', synthetics.probeLastRun.name, probe, '0+60x30')],
      },
    }),
  ],
});
