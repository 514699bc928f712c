import type { Receiver } from '../../lib/monitoring/receivers.ts';

/** The Alertmanager receivers (lib/monitoring); the notifier serves one webhook path per receiver. */
export { type Receiver, receivers } from '../../lib/monitoring/receivers.ts';

/**
 * Receivers Alertmanager serves itself, not through the notifier: they must work when the
 * notifier (or the whole stack) is what failed. `heartbeat` exists only when a heartbeat URL is
 * configured.
 */
export const directReceivers = ['heartbeat', 'notifier-down-email'] as const;
export type DirectReceiver = (typeof directReceivers)[number];

export const webhookPath = (receiver: Receiver) => `/alertmanager/${receiver}`;
