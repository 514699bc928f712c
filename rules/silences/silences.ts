import type { SilenceSpec } from './spec.ts';

/**
 * Silences as code, reviewed in pull requests like any rule change: `npm run validate` refuses one
 * that has ended, ends more than 14 days ahead, matches no alert of the rule files, or would mute
 * a critical page without saying why; deploy.sh makes Alertmanager hold exactly these (and never
 * touches silences people made in its UI). Example, for a planned berth-sensor replacement:
 *
 *   {
 *     name: 'berth-7-sensor-swap',
 *     matchers: [{ name: 'alertname', op: '=', value: 'BerthSensorSilent' }],
 *     owner: 'ana.ruiz', reason: 'berth 7 sensors replaced', ticket: 'OPS-1234',
 *     endsAt: '2026-12-10T18:00:00Z',
 *   }
 *
 * None are needed today.
 */
export const silences: readonly SilenceSpec[] = [];
