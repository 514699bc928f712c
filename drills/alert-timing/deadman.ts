import { waitFor } from '../../local-platform/wait.ts';
import { receiversInAlertmanager } from './alert-state.ts';
import type { DrillResult } from './drill.ts';
import type { DrillPlatform } from './drill-platform.ts';
import { heartbeatSeconds } from './heartbeat-route.ts';
import { mailFor, mailUrls, slackFor, slackUrls } from './notifications.ts';
import { deadmanSettings } from './timing.ts';

const round = (n: number) => Math.round(n * 100) / 100;

async function lastHeartbeat(notifierUrl: string): Promise<number> {
  const text = await (await fetch(`${notifierUrl}/metrics`)).text();
  const value = /^porttrack_notifier_deadman_last_seen_timestamp_seconds (\S+)$/m.exec(text)?.[1];
  return value === undefined ? 0 : Number(value) * 1000;
}

/**
 * Watchdog to the dead-man receiver, both halves: the always-firing Watchdog is routed to
 * `deadman` and the notifier records its heartbeats; then the Watchdog is silenced in
 * Alertmanager (heartbeats stop, as when Prometheus or Alertmanager dies) and the notifier's
 * dead man's switch must page on-call on Slack and email. Latency runs from the silence to the
 * later delivery; its bound is heartbeat period + switch timeout + check interval.
 */
export async function runDeadmanDrill(e2e: DrillPlatform, log: (line: string) => void): Promise<DrillResult> {
  const problems: string[] = [];
  const notifierUrl = e2e.platform.services.notifier!.url;
  const wait = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000) =>
    waitFor(probe, { what: `Watchdog: ${what}`, timeoutMs, intervalMs: 100 });

  const receivers = await wait('active in Alertmanager', () =>
    receiversInAlertmanager(e2e.alertmanagerUrl, 'Watchdog'),
  );
  if (receivers.join() !== 'deadman')
    problems.push(`Watchdog routed to ${receivers.join(', ')}, not deadman`);
  await wait('heartbeat recorded by the notifier', async () =>
    (await lastHeartbeat(notifierUrl)) > 0 ? true : undefined,
  );

  const started = Date.now();
  const mailsBefore = e2e.smtp.mails.length;
  const res = await fetch(`${e2e.alertmanagerUrl}/api/v2/silences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      matchers: [{ name: 'alertname', value: 'Watchdog', isRegex: false, isEqual: true }],
      startsAt: new Date(started).toISOString(),
      endsAt: new Date(started + 600_000).toISOString(),
      createdBy: 'e2e',
      comment: 'dead-man drill: heartbeats stop',
    }),
  });
  const { silenceID } = (await res.json()) as { silenceID: string };
  log('Watchdog: silenced, heartbeats stop');

  const notify = deadmanSettings.notify;
  const slack = await wait(`DeadMansSwitch on Slack /services/${notify}`, async () =>
    slackFor(e2e.slack, notify, 'DeadMansSwitch', 'firing', started),
  ).catch((err: Error) => void problems.push(err.message));
  const mail = await wait(`DeadMansSwitch email to ${notify}`, async () => {
    const m = mailFor(e2e.smtp, notify, 'DeadMansSwitch', 'firing', mailsBefore);
    return m ? { m, at: Date.now() } : undefined;
  }).catch((err: Error) => void problems.push(err.message));
  const deliveredAt = Math.max(slack?.at ?? Date.now(), mail?.at ?? Date.now());

  // The page's one link is Alertmanager, which must answer.
  const links = [...(slack ? slackUrls(slack) : []), ...(mail ? mailUrls(mail.m) : [])];
  const amLinks = links.filter((u) => u.startsWith(e2e.alertmanagerUrl));
  if (amLinks.length === 0) problems.push('no Alertmanager link in the page');
  for (const url of new Set(amLinks)) {
    const answer = await fetch(url);
    if (!answer.ok) problems.push(`Alertmanager link ${url} answers ${answer.status}`);
  }

  await fetch(`${e2e.alertmanagerUrl}/api/v2/silence/${silenceID}`, { method: 'DELETE' });
  await wait('heartbeats again', async () =>
    (await lastHeartbeat(notifierUrl)) > deliveredAt ? true : undefined,
  ).catch((err: Error) => void problems.push(err.message));
  log('Watchdog: silence expired, heartbeats again');

  const bound = heartbeatSeconds + deadmanSettings.timeoutMs / 1000 + deadmanSettings.checkMs / 1000;
  const latency = (deliveredAt - started) / 1000;
  return {
    alert: 'Watchdog',
    receiver: receivers.join(','),
    latency_seconds: round(latency),
    bound_seconds: round(bound),
    crossing_seconds: 0,
    ratio: round(latency / bound),
    slack: Boolean(slack) && amLinks.length > 0,
    email: Boolean(mail) && amLinks.length > 0,
    resolved: null,
    stages: { inject: 0, condition_true: null, prometheus_firing: 0, alertmanager: 0 },
    problems,
    firedAt: started,
  };
}
