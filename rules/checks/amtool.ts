import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check, Problem } from '../../lib/validation.ts';
import { alertLabels } from '../build/annotations.ts';
import { deployedAlertmanager, sampleDeployments } from '../routing/deployments.ts';
import { alertmanagerComposePath, alertmanagerPath } from '../routing/render.ts';
import type { AlertLabels } from '../routing/route-cases.ts';
import { runTool } from './exec.ts';
import { allAlerts, type RulesModel } from './model.ts';
import { withRendered } from './rendered.ts';

const routeCasesFile = 'rules/routing/route-cases.ts';

/**
 * The generated configurations as Alertmanager reads them: the stack's template filled in for
 * each sample deployment (as Swarm does), and the compose file's as it is. Paths inside `dir`.
 */
async function alertmanagerConfigs(dir: string): Promise<Record<string, string>> {
  const template = await readFile(join(dir, alertmanagerPath), 'utf8');
  const configs: Record<string, string> = { [alertmanagerComposePath]: join(dir, alertmanagerComposePath) };
  for (const [name, env] of Object.entries(sampleDeployments)) {
    const file = join(dir, `alertmanager.${name}.yml`);
    await writeFile(file, deployedAlertmanager(env, template));
    configs[`${alertmanagerPath} (deployed ${name})`] = file;
  }
  return configs;
}

export const amtoolCheckConfig = (model: RulesModel): Check => ({
  name: 'amtool check-config',
  run: () =>
    withRendered(model, async (dir) => {
      const problems: Problem[] = [];
      for (const [where, file] of Object.entries(await alertmanagerConfigs(dir))) {
        const result = await runTool('amtool', ['check-config', file]);
        if (result.code !== 0)
          problems.push({
            file: 'rules/routing/alertmanager-config.ts',
            where,
            message: result.output.replaceAll(dir + '/', '').trim(),
          });
      }
      return problems;
    }),
});

/** The label set a route or inhibition case sends: the named alert's own labels, then the case's. */
export function caseLabels(model: RulesModel, routeCase: AlertLabels): Record<string, string> | string {
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
      // The stack's routing as deployed; the heartbeat's route is there with or without its URL.
      const config = join(dir, 'alertmanager.deployed.yml');
      await writeFile(
        config,
        deployedAlertmanager(
          sampleDeployments.withoutHeartbeat,
          await readFile(join(dir, alertmanagerPath), 'utf8'),
        ),
      );
      for (const routeCase of model.routeCases) {
        const labels = caseLabels(model, routeCase);
        if (typeof labels === 'string') {
          problems.push({ file: routeCasesFile, where: routeCase.name, message: labels });
          continue;
        }
        const args = ['config', 'routes', 'test', `--config.file=${config}`];
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
