import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../lib/logger.ts';
import type { Instruments } from '../../lib/metrics/registry.ts';
import type { notifier as catalog } from '../../lib/catalog/notifier.ts';
import { channelsFor, type NotifierConfig } from '../config.ts';
import type { OutboxStore } from '../outbox/store.ts';
import { describeIssues } from '../receiving/payload.ts';
import { type Deployment, deploymentKey, deploymentSchema } from './deployment.ts';

/** What a deploy notice needs, with room to spare; anything larger is refused unread (413). */
export const deployBodyLimit = '8kb';

export interface DeploymentDeps {
  config: NotifierConfig;
  store: OutboxStore;
  metrics: Instruments<typeof catalog>;
  onQueued: () => void;
  logger: Logger;
}

/**
 * `POST /deployments {service, version, status, url}` from the deploy workflow: queued for the
 * deploy receiver's Slack and email, and counted in the metrics Grafana annotates from. A
 * retried POST (same id) is recognised and neither notified nor counted twice.
 */
export function deploymentRoutes(deps: DeploymentDeps): Router {
  const router = Router();
  router.post('/deployments', async (req: Request, res: Response) => {
    const parsed = deploymentSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid deployment', issues: describeIssues(parsed.error) });
      return;
    }
    const deployment: Deployment = { ...parsed.data, at: parsed.data.at ?? new Date().toISOString() };
    const result = await deps.store.enqueue({
      kind: 'deployment',
      receiver: deps.config.deployReceiver,
      idempotencyKey: deploymentKey(deployment),
      status: deployment.status,
      payload: deployment,
      channels: channelsFor(deps.config, deps.config.deployReceiver),
    });
    if (result.created) {
      const labels = { service: deployment.service, status: deployment.status };
      deps.metrics.deployments.inc(labels);
      deps.metrics.lastDeployment.set(labels, Date.parse(deployment.at) / 1000);
    }
    if (result.queued.length) deps.onQueued();
    deps.logger.info({ deployment, created: result.created }, 'deployment reported');
    res.status(result.created ? 202 : 200).json({
      status: result.created ? 'accepted' : 'duplicate',
      notification: result.notificationId,
      channels: result.queued,
    });
  });
  return router;
}
