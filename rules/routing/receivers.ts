/** The Alertmanager receivers; the notifier serves one webhook path per receiver. */
export const receivers = ['oncall', 'platform', 'port-managers', 'deadman'] as const;
export type Receiver = (typeof receivers)[number];

/**
 * Receivers Alertmanager serves itself, not through the notifier: they must work when the
 * notifier (or the whole stack) is what failed. `heartbeat` exists only when a heartbeat URL is
 * configured.
 */
export const directReceivers = ['heartbeat', 'notifier-down-email'] as const;
export type DirectReceiver = (typeof directReceivers)[number];

export const webhookPath = (receiver: Receiver) => `/alertmanager/${receiver}`;
