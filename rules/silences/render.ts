import { type GeneratedFile, jsonWithHeader } from '../../lib/generated.ts';
import { type DeployedSilence, silenceComment } from '../../lib/monitoring/silences.ts';
import { silences } from './silences.ts';
import type { SilenceSpec } from './spec.ts';

/** What deploy.sh reconciles into Alertmanager (stack/scripts/deploy.sh, after the gate). */
export const silencesPath = 'stack/alertmanager/silences.json';

export function deployedSilence(spec: SilenceSpec): DeployedSilence {
  return {
    name: spec.name,
    matchers: spec.matchers.map((m) => ({
      name: m.name,
      value: m.value,
      isRegex: m.op === '=~' || m.op === '!~',
      isEqual: m.op === '=' || m.op === '=~',
    })),
    endsAt: new Date(spec.endsAt).toISOString(),
    comment: silenceComment(spec.name, `${spec.reason} (owner ${spec.owner}, ${spec.ticket})`),
  };
}

export const silencesFiles = (declared: readonly SilenceSpec[] = silences): GeneratedFile[] => [
  {
    path: silencesPath,
    content: jsonWithHeader('rules/silences/silences.ts', { silences: declared.map(deployedSilence) }),
  },
];
