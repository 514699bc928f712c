/**
 * The Alertmanager receivers the generated routing sends to the notifier: one webhook path each
 * (rules/routing), the only ones the notifier accepts (notifier/config.ts), and the `receiver`
 * label of porttrack_notifier_received_total.
 */
export const receivers = ['oncall', 'platform', 'port-managers', 'deadman'] as const;
export type Receiver = (typeof receivers)[number];
