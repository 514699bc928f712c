import { join } from 'node:path';
import type { Check, Problem } from '../../lib/validation.ts';
import { alertLabels } from '../build/annotations.ts';
import { alertmanagerPath } from '../routing/render.ts';
import type { RouteCase } from '../routing/route-cases.ts';
import { runTool } from './exec.ts';
import { allAlerts, type RulesModel } from './model.ts';
import { withRendered } from './rendered.ts';

const routeCasesFile = 'rules/routing/route-cases.ts';

export const amtoolCheckConfig = (model: RulesModel): Check => ({
  name: 'amtool check-config',
  run: () =>
    withRendered(model, async (dir) => {
      const result = await runTool('amtool', ['check-config', join(dir, alertmanagerPath)]);
      if (result.code === 0) return [];
      return [
        {
          file: 'rules/routing/alertmanager-config.ts',
          where: alertmanagerPath,
          message: result.output.replaceAll(dir + '/', '').trim(),
        },
      ];
    }),
});

/** The label set a route case sends: the named alert's own labels, then the case's. */
export function caseLabels(model: RulesModel, routeCase: RouteCase): Record<string, string> | string {
  let labels: Record<string, string> = {};
  if (routeCase.alert) {
    const found = allAlerts(model).find(({ alert }) => alert.name === routeCase.alert);
    if (!found) return `names alert ${routeCase.alert}, which no rule file defines`;
    labels = { alertname: found.alert.name, ...alertLabels(found.alert) };
  }
  return { ...labels, ...routeCase.labels };
}

/** `amtool config routes test` for each case kept in rules/routing/route-cases.ts. */
export const amtoolRouteTests = (model: RulesModel): Check => ({
  name: 'amtool config routes test',
  run: () =>
    withRendered(model, async (dir) => {
      const problems: Problem[] = [];
      for (const routeCase of model.routeCases) {
        const labels = caseLabels(model, routeCase);
        if (typeof labels === 'string') {
          problems.push({ file: routeCasesFile, where: routeCase.name, message: labels });
          continue;
        }
        const args = ['config', 'routes', 'test', `--config.file=${join(dir, alertmanagerPath)}`];
        const result = await runTool('amtool', [
          ...args,
          ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
        ]);
        const got = result.output
          .split('\n')
          .filter((line) => line.trim() && !line.startsWith('Warning:'))
          .join(',');
        const want = routeCase.receivers.join(',');
        if (result.code !== 0 || got !== want) {
          problems.push({
            file: routeCasesFile,
            where: routeCase.name,
            message: `labels ${JSON.stringify(labels)} reach [${got}], expected [${want}]`,
          });
        }
      }
      return problems;
    }),
});
