import { recording, sloWindows } from '../../lib/monitoring/index.ts';
import type { Check } from '../../lib/validation.ts';
import { recordedNames, type RulesModel } from './model.ts';

/** Every recording rule name dashboards read (lib/monitoring/recording.ts) is defined by a rule. */
export function expectedRecordings(): string[] {
  const fixed = Object.values(recording).flatMap((v) => (typeof v === 'string' ? [v] : []));
  return [...fixed, ...sloWindows.flatMap((w) => [recording.sliErrorRatio(w), recording.burnRate(w)])];
}

export const recordingNamesCheck = (model: RulesModel): Check => ({
  name: 'recording rules dashboards read are defined',
  run: async () => {
    const defined = recordedNames(model);
    return expectedRecordings()
      .filter((name) => !defined.has(name))
      .map((name) => ({
        file: 'lib/monitoring/recording.ts',
        where: name,
        message: 'no rule records this name, yet dashboards read it',
      }));
  },
});
