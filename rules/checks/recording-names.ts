import type { Check } from '../../lib/validation.ts';
import { recording, sloWindows } from '../recording-names.ts';
import { recordedNames, type RulesModel } from './model.ts';

/** Every recording rule name dashboards read (rules/recording-names.ts) is defined by a rule. */
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
        file: 'rules/recording-names.ts',
        where: name,
        message: 'no rule records this name, yet dashboards read it',
      }));
  },
});
