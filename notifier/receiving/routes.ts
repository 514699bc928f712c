import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../lib/logger.ts';
import { channelsFor, type NotifierConfig, type Receiver, receivers } from '../config.ts';
import { heartbeatName } from '../deadman/deadman.ts';
import type { Heartbeats } from '../deadman/heartbeats.ts';
import type { AlertGroupStore } from '../outbox/alert-groups.ts';
import { groupIdentity, groupNews } from './group-news.ts';
import { describeIssues, webhookSchema } from './payload.ts';

export interface ReceivingDeps {
  config: NotifierConfig;
  groups: AlertGroupStore;
  heartbeats: Heartbeats;
  onReceived: (receiver: Receiver) => void;
  onQueued: () => void;
  logger: Logger;
}

const isReceiver = (name: string): name is Receiver => (receivers as readonly string[]).includes(name);

/**
 * `POST /alertmanager/:receiver`: validates the webhook, stores it in the outbox and only then
 * answers 200. A storage failure answers 503 so Alertmanager retries. The `deadman` receiver
 * is a heartbeat (the always-firing Watchdog): recorded, not delivered.
 */
export function receivingRoutes(deps: ReceivingDeps): Router {
  const router = Router();
  router.post('/alertmanager/:receiver', async (req: Request, res: Response) => {
    const receiver = String(req.params.receiver);
    if (!isReceiver(receiver)) {
      res
        .status(404)
        .json({ error: `unknown receiver "${receiver}"; expected one of ${receivers.join(', ')}` });
      return;
    }
    const parsed = webhookSchema.safeParse(req.body);
    if (!parsed.success) {
      res
        .status(400)
        .json({ error: 'invalid Alertmanager webhook payload', issues: describeIssues(parsed.error) });
      return;
    }
    const payload = parsed.data;
    if (payload.receiver !== receiver) {
      res.status(400).json({
        error: `payload is for receiver "${payload.receiver}" but was posted to /alertmanager/${receiver}`,
      });
      return;
    }
    if (receiver === 'deadman') {
      await deps.heartbeats.record(heartbeatName);
      deps.onReceived(receiver);
      res.json({ status: 'heartbeat recorded' });
      return;
    }
    // What the webhook is for its group (a change, a reminder or a copy) is decided against the
    // group's stored state, under its row lock, in the transaction that stores the notification.
    const result = await deps.groups.accept({
      receiver,
      groupId: groupIdentity(receiver, payload),
      groupLabels: payload.groupLabels,
      status: payload.status,
      payload,
      channels: channelsFor(deps.config, receiver),
      holdMs: deps.config.refireHoldMs,
      decide: (announced, lastPageAt, now) =>
        groupNews(announced, payload, lastPageAt, now, deps.config.repeatIntervalMs[receiver]),
    });
    // Counted once stored: a 503 is not a notification received, Alertmanager will send it again.
    deps.onReceived(receiver);
    if (result.queued.length) deps.onQueued();
    const created = result.kind !== 'duplicate';
    deps.logger.info(
      {
        receiver,
        group_key: payload.groupKey,
        status: payload.status,
        alerts: payload.alerts.length,
        ...result,
      },
      created ? `notification accepted (${result.kind})` : 'duplicate notification ignored',
    );
    res.status(created ? 202 : 200).json({
      status: created ? 'accepted' : 'duplicate',
      kind: result.kind,
      ...(result.held ? { held: true } : {}),
      ...(result.cancelled !== null ? { cancelled: result.cancelled } : {}),
      notification: result.notificationId,
      channels: result.queued,
    });
  });
  return router;
}
