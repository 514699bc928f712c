import type { TappedWebhook } from './webhook-tap.ts';

interface WebhookBody {
  externalURL: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  status: string;
  alerts: Array<{ fingerprint: string; status: string; startsAt: string }>;
}

export interface TallyInput {
  /** Titles delivered, per channel, in arrival order. */
  delivered: Record<string, string[]>;
  webhooks: TappedWebhook[];
  /** Per cycle, its firing and resolved titles: each expected once per channel, in that order. */
  cycleTitles: Array<[firing: string, resolved: string]>;
  reminder: { firing: string; resolved: string };
  /** When the notifier stored each firing page of the reminder group (first page and reminders). */
  reminderPagesAt: number[];
  /** What was done to the cluster while the group of this `service` label fired (for the baseline's breakdown). */
  faultOf: (service: string) => string;
}

export interface ChannelTally {
  name: string;
  /** Copies beyond the first of any cycle title. */
  duplicates: number;
  lost: string[];
  outOfOrder: string[];
  unexpected: string[];
  reminderFirings: number;
  reminderResolutions: number;
  /** Reminder-group firings delivered after its resolution: a held page that should have been cancelled. */
  reminderFiringsAfterResolution: number;
}

const count = (list: string[], item: string) => list.filter((x) => x === item).length;
/** What follows the first `item` (nothing when it never came). */
const afterFirst = (list: string[], item: string) =>
  list.includes(item) ? list.slice(list.indexOf(item) + 1) : [];

/**
 * Counts what a loopback cluster run delivered against what it should have, and what
 * Alertmanager sent to get there (the baseline): webhooks, how the notifier answered them, and
 * how many distinct notifications the notifier's previous key (group key, status, alerts with
 * their startsAt) would have let through.
 */
export function tally(input: TallyInput) {
  const expected = new Set([...input.cycleTitles.flat(), input.reminder.firing, input.reminder.resolved]);
  const channels: ChannelTally[] = Object.entries(input.delivered).map(([name, titles]) => ({
    name,
    duplicates: input.cycleTitles.flat().reduce((sum, t) => sum + Math.max(0, count(titles, t) - 1), 0),
    lost: [...expected].filter((t) => !titles.includes(t)),
    outOfOrder: input.cycleTitles
      .filter(([firing, resolved]) => titles.indexOf(resolved) < titles.indexOf(firing))
      .map(([, resolved]) => resolved),
    unexpected: titles.filter((t) => !expected.has(t)),
    reminderFirings: count(titles, input.reminder.firing),
    reminderResolutions: count(titles, input.reminder.resolved),
    reminderFiringsAfterResolution: afterFirst(titles, input.reminder.resolved).filter(
      (t) => t === input.reminder.firing,
    ).length,
  }));

  const answered = input.webhooks.filter((w) => w.status < 300);
  const kinds = (kind: string) =>
    answered.filter((w) => (w.answer as { kind?: string } | undefined)?.kind === kind).length;
  const oldKeys = new Set(
    answered.map((w) => {
      const body = w.body as WebhookBody;
      const alerts = body.alerts.map((a) => `${a.fingerprint}@${Date.parse(a.startsAt)}:${a.status}`).sort();
      return [body.groupKey, body.status, ...alerts].join('\n');
    }),
  );
  const startsAts = new Map<string, Set<string>>();
  for (const w of answered)
    for (const a of (w.body as WebhookBody).alerts)
      if (a.status === 'firing')
        (startsAts.get(a.fingerprint) ?? startsAts.set(a.fingerprint, new Set()).get(a.fingerprint)!).add(
          a.startsAt,
        );
  const byFault: Record<string, number> = {};
  for (const w of answered)
    if ((w.answer as { kind?: string } | undefined)?.kind === 'duplicate') {
      const fault = input.faultOf((w.body as WebhookBody).groupLabels.service ?? '');
      byFault[fault] = (byFault[fault] ?? 0) + 1;
    }
  const baseline = {
    webhooks: input.webhooks.length,
    refused: input.webhooks.length - answered.length,
    changes: kinds('change'),
    reminders: kinds('reminder'),
    duplicates: kinds('duplicate'),
    held: answered.filter((w) => (w.answer as { held?: boolean } | undefined)?.held).length,
    cancelled: answered.filter((w) => (w.answer as { cancelled?: number } | undefined)?.cancelled).length,
    oldKeyExtra: oldKeys.size - expected.size,
    splitStartsAt: [...startsAts.values()].filter((s) => s.size > 1).length,
    byFault,
  };

  const at = input.reminderPagesAt;
  const reminder = {
    pages: at.length,
    gapsMs: at.slice(1).map((t, i) => t - at[i]!),
  };

  const report = [
    ...channels.map(
      (c) =>
        `${c.name}: ${c.duplicates} duplicate, ${c.lost.length} lost, ${c.outOfOrder.length} out of order; ` +
        `reminder group: ${c.reminderFirings} firing (1 + ${c.reminderFirings - 1} reminders), ${c.reminderResolutions} resolved, ` +
        `${c.reminderFiringsAfterResolution} firing after the resolution`,
    ),
    `Alertmanager baseline: ${baseline.webhooks} webhooks (${baseline.refused} answered 5xx/502 and retried) for ` +
      `${expected.size} state changes: ${baseline.changes} changes, ${baseline.reminders} reminders, ` +
      `${baseline.duplicates} duplicates de-duplicated (${baseline.held} changes held as a possible lagging peer's, ` +
      `${baseline.cancelled} of them cancelled by the resolution coming back); the previous key would have delivered ` +
      `${baseline.oldKeyExtra} extra (and no reminder); ${baseline.splitStartsAt} alerts arrived with more than one startsAt`,
    `Alertmanager's copies by the fault of the cycle their group fired in (its resolution falls in the next cycle's): ${Object.entries(
      byFault,
    )
      .map(([fault, n]) => `${fault}: ${n}`)
      .join('; ')}`,
    `reminder pages: ${reminder.pages}, gaps ${reminder.gapsMs.map((g) => (g / 1000).toFixed(1)).join(' ')} s`,
  ].join('\n');
  return { channels, baseline, reminder, report };
}

/** One line per webhook of a group: seconds since the first, which Alertmanager, the answer, the alerts. */
export function timeline(webhooks: TappedWebhook[], service: string): string {
  const mine = webhooks.filter((w) => (w.body as WebhookBody).groupLabels.service === service);
  const t0 = mine[0]?.at ?? 0;
  return mine
    .map((w) => {
      const body = w.body as WebhookBody;
      const alerts = body.alerts.map((a) => `${a.status}@${a.startsAt.slice(11, 23)}`).join(',');
      const kind = (w.answer as { kind?: string } | undefined)?.kind ?? w.status;
      return `  +${((w.at - t0) / 1000).toFixed(1)} s ${body.externalURL} ${kind} ${alerts}`;
    })
    .join('\n');
}
