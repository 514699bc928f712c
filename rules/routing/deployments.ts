import { load } from 'js-yaml';
import { renderSwarmTemplate, type TemplateEnv } from '../../lib/swarm-template.ts';
import { deploymentVariables } from './alertmanager-config.ts';
import type { RoutingConfig } from './mutants.ts';
import { renderStackAlertmanager } from './render.ts';

const v = deploymentVariables;

/**
 * Two made-up deployments that the checks and tests fill the stack's template with: one with an
 * external heartbeat and one without (the receiver then has no webhook). Reserved `.test` names.
 */
export const sampleDeployments: Readonly<Record<'withHeartbeat' | 'withoutHeartbeat', TemplateEnv>> = {
  withHeartbeat: {
    [v.smarthost]: 'smtp.deployment-a.test:587',
    [v.from]: 'alertmanager@deployment-a.test',
    [v.to]: 'oncall@deployment-a.test',
    [v.username]: 'alertmanager-a',
    [v.heartbeatUrl]: 'https://heartbeat.deployment-a.test/ping/abc?x=1&y=2',
  },
  withoutHeartbeat: {
    [v.smarthost]: 'smtp.deployment-b.test:25',
    [v.from]: 'alerts@deployment-b.test',
    [v.to]: 'oncall@deployment-b.test',
    [v.username]: 'alertmanager-b',
  },
};

/** alertmanager.yml as Swarm renders the stack's template for a service with this environment. */
export const deployedAlertmanager = (env: TemplateEnv, template = renderStackAlertmanager()) =>
  renderSwarmTemplate(template, env);

/** The routing the stack ships, as the sample deployment with an external heartbeat gets it. */
export const deployedRouting = (): RoutingConfig =>
  load(deployedAlertmanager(sampleDeployments.withHeartbeat)) as RoutingConfig;
