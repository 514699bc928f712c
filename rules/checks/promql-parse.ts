import type { Check } from '../../lib/validation.ts';
import { allExpressions, type RulesModel } from './model.ts';
import { promqlFacts } from './promql-tree.ts';

/** Every expression parses (lezer-promql); promtool check rules then checks it against 2.42. */
export const promqlParseCheck = (model: RulesModel): Check => ({
  name: 'PromQL parses',
  run: async () =>
    allExpressions(model).flatMap(({ file, rule, expr }) => {
      const errors = promqlFacts(expr).errors;
      if (!errors.length) return [];
      const at = errors[0] as number;
      return [
        {
          file: file.source,
          where: rule,
          message: `PromQL syntax error at offset ${at}: ${expr.slice(0, at)} <here> ${expr.slice(at)}`,
        },
      ];
    }),
});
