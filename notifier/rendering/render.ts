import type { NotifierConfig } from '../config.ts';
import { type DeadmanSilence, deadmanNotice } from '../deadman/deadman.ts';
import { type Deployment, deploymentNotice } from '../deployments/deployment.ts';
import { renderDigest } from '../digest/digest.ts';
import type { DigestFigures } from '../digest/figures.ts';
import type { ClaimedDelivery } from '../outbox/store.ts';
import { webhookSchema } from '../receiving/payload.ts';
import { alertNotice } from './alert-notice.ts';
import type { Notice } from './notice.ts';

/** What a stored notification says, whatever its kind; rendered at send time from the stored payload. */
export function renderDelivery(d: Pick<ClaimedDelivery, 'kind' | 'payload'>, config: NotifierConfig): Notice {
  switch (d.kind) {
    case 'alert':
      return alertNotice(webhookSchema.parse(d.payload), config);
    case 'deployment':
      return deploymentNotice(d.payload as Deployment);
    case 'digest':
      return renderDigest(d.payload as DigestFigures, config);
    case 'deadman':
      return deadmanNotice(d.payload as DeadmanSilence, config.alertmanagerUrl);
    default:
      throw new Error(`no renderer for notifications of kind ${d.kind}`);
  }
}
