import { z } from 'zod';
import { deployedServiceName, deploymentStatuses } from '../../lib/catalog/notifier.ts';
import { markers, type Notice } from '../rendering/notice.ts';

const statusAliases: Record<string, DeploymentStatus> = {
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'failed',
  rollback: 'rolled_back',
};

export { deploymentStatuses };
export type DeploymentStatus = (typeof deploymentStatuses)[number];

/**
 * `POST /deployments` body: exactly these fields, each bounded (an unknown field is a 400, and
 * the route refuses a body over 8 KB with 413). GitHub's job.status values (success, failure,
 * cancelled) are accepted too.
 */
export const deploymentSchema = z.strictObject({
  service: z.string().regex(deployedServiceName, 'service must be a lowercase name like "api"'),
  version: z.string().min(1).max(100),
  status: z.preprocess(
    (v) => (typeof v === 'string' ? (statusAliases[v] ?? v) : v),
    z.enum(deploymentStatuses),
  ),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  /** Distinguishes two deploys of the same version (the workflow's run id); retries reuse it. */
  id: z.string().max(200).optional(),
  environment: z.string().min(1).max(50).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

export type Deployment = z.infer<typeof deploymentSchema> & { at: string };

export const deploymentKey = (d: Deployment) =>
  `deployment:${d.service}:${d.version}:${d.status}:${d.environment ?? ''}:${d.id ?? d.at}`;

export function deploymentNotice(d: Deployment): Notice {
  const bad = d.status === 'failed' || d.status === 'rolled_back';
  const marker = bad ? markers.failed : markers.deployment;
  const fields: Array<[string, string]> = [
    ['Service', d.service],
    ['Version', d.version],
    ['Status', d.status],
  ];
  if (d.environment) fields.push(['Environment', d.environment]);
  fields.push(['At', new Date(d.at).toISOString()]);
  return {
    title: `[DEPLOY:${d.status.toUpperCase()}] ${d.service} ${d.version}`,
    marker,
    items: [
      {
        marker,
        heading: `Deployment of ${d.service} ${d.version} ${d.status.replace('_', ' ')}.`,
        fields,
        links: d.url ? [{ label: 'Details', url: d.url }] : [],
      },
    ],
  };
}
