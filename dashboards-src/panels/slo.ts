import { recording, type SloWindow, spaced, thresholds } from '../../lib/monitoring/index.ts';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { stat, timeseries } from './kinds.ts';

/** SLO panels read the recording rules only (lib/monitoring/recording.ts), never the raw histogram. */
export interface SloPanelOptions extends PanelSize {
  /** Value of the `slo` label, from `slos` in lib/monitoring/recording.ts. */
  slo: string;
  title: string;
}

const bySlo = (series: string, slo: string) => `max(${series}{slo="${slo}"})`;

export function sloAttainmentTimeseries({ slo, title, ...size }: SloPanelOptions): PanelSpec {
  return spec(
    timeseries({
      title,
      description: `Share of good events for SLO ${slo}: over 5 minutes, over 30 days, and the objective.`,
      unit: 'percentunit',
      max: 1,
      targets: [
        promTarget(0, `1 - ${bySlo(recording.sliErrorRatio('5m'), slo)}`, { legend: 'SLI, 5 min' }),
        promTarget(1, `1 - ${bySlo(recording.sliErrorRatio('30d'), slo)}`, { legend: 'SLI, 30 days' }),
        promTarget(2, bySlo(recording.objective, slo), { legend: 'objective' }),
      ],
    })
      .decimals(3)
      .overrideByQuery('C', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }]),
    size,
  );
}

export function errorBudgetRemainingStat(size: PanelSize = {}): PanelSpec {
  return spec(
    stat({
      title: 'Error budget remaining (30 days)',
      description: 'Share of the 30-day error budget still unspent, per SLO. Below 0 the SLO is missed.',
      unit: 'percentunit',
      decimals: 1,
      thresholdSteps: [
        { from: null, color: 'red' },
        { from: 0, color: 'orange' },
        { from: 0.25, color: 'green' },
      ],
      targets: [promTarget(0, `max by (slo) (${recording.errorBudgetRemaining})`, { legend: '{{slo}}' })],
    }),
    size,
  );
}

/** Multi-window burn rates with the thresholds of the multi-window, multi-burn-rate alerts. */
const burnWindows: ReadonlyArray<SloWindow> = ['1h', '6h', '1d', '3d'];

const { page, ticket } = thresholds.slo;
/** `14.4 over 1 h or 6 over 6 h`: a policy's factors over their long windows, as the alerts use them. */
const factors = (policy: typeof page | typeof ticket) =>
  policy.windows.map((w) => `${w.factor} over ${spaced(w.long)}`).join(' or ');

export function burnRatesTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Burn rates',
      description:
        'How fast each SLO spends its error budget (1 = exactly the budget over 30 days). ' +
        `Page at ${factors(page)}; ticket at ${factors(ticket)}.`,
      unit: 'short',
      min: 0,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: 1, color: 'yellow' },
        { from: page.windows[1].factor, color: 'orange' },
        { from: page.windows[0].factor, color: 'red' },
      ],
      thresholdLines: true,
      targets: burnWindows.map((window, i) =>
        promTarget(i, `max by (slo) (${recording.burnRate(window)})`, { legend: `{{slo}} ${window}` }),
      ),
    }),
    size,
  );
}
