import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());
const timestamp = z.iso.datetime({ offset: true });

export const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap.refine((l) => typeof l.alertname === 'string', 'labels.alertname is required'),
  annotations: stringMap.default({}),
  startsAt: timestamp,
  endsAt: timestamp,
  generatorURL: z.string().default(''),
  fingerprint: z.string().min(1),
});

/** Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const webhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().min(1),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema).min(1, 'alerts must not be empty'),
});

export type Alert = z.infer<typeof alertSchema>;
export type AlertmanagerWebhook = z.infer<typeof webhookSchema>;

/** One line per problem, `path: message`, for the 400 answer. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}
