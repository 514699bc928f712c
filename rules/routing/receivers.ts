/** The Alertmanager receivers; the notifier serves one webhook path per receiver. */
export const receivers = ['oncall', 'platform', 'port-managers', 'deadman'] as const;
export type Receiver = (typeof receivers)[number];

export const webhookPath = (receiver: Receiver) => `/alertmanager/${receiver}`;
