import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/generated.ts';
import type { SlackMessage, SlackReceiver } from '../../lib/testing/slack-receiver.ts';
import type { ReceivedMail, SmtpSink } from '../../lib/testing/smtp-sink.ts';
import { grafanaUrl, mailboxOf, runbookBaseUrl } from './drill-platform.ts';

export type Status = 'firing' | 'resolved';

/**
 * `[FIRING:1] ApiDown (api)`: the notifier's title, the email subject, and Slack's text after
 * a severity marker.
 */
const titleMatches = (title: string | undefined, alert: string, status: Status) =>
  title !== undefined && new RegExp(`(^|\\s)\\[${status.toUpperCase()}:\\d+\\] ${alert}\\b`).test(title);

export function slackFor(
  slack: SlackReceiver,
  receiver: string,
  alert: string,
  status: Status,
  since: number,
) {
  return slack.messages.find(
    (m) => m.at >= since && m.path === `/services/${receiver}` && titleMatches(m.text, alert, status),
  );
}

export function mailFor(smtp: SmtpSink, receiver: string, alert: string, status: Status, seen: number) {
  return smtp.mails
    .slice(seen)
    .find(
      (m) => m.envelope.to.includes(mailboxOf(receiver)) && titleMatches(m.parsed.subject, alert, status),
    );
}

const urlsIn = (text: string) =>
  [...text.matchAll(/https?:\/\/[^\s"'<>|)\]]+/g)].map((m) => m[0].replace(/&amp;/g, '&'));

export const slackUrls = (m: SlackMessage) => urlsIn(JSON.stringify(m.blocks ?? []));
export const mailUrls = (m: ReceivedMail) => urlsIn(`${m.parsed.text ?? ''}\n${m.parsed.html || ''}`);

let dashboards: Map<string, Set<number>> | undefined;

/** uid -> panel ids of every generated dashboard (stack/grafana/dashboards). */
function generatedDashboards(): Map<string, Set<number>> {
  if (dashboards) return dashboards;
  dashboards = new Map();
  const root = join(repoRoot, 'stack/grafana/dashboards');
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.json')) continue;
    const json = JSON.parse(readFileSync(join(root, entry), 'utf8')) as {
      uid: string;
      panels?: Array<{ id?: number; panels?: Array<{ id?: number }> }>;
    };
    const ids = new Set<number>();
    for (const p of json.panels ?? []) {
      if (p.id !== undefined) ids.add(p.id);
      for (const inner of p.panels ?? []) if (inner.id !== undefined) ids.add(inner.id);
    }
    dashboards.set(json.uid, ids);
  }
  return dashboards;
}

/**
 * What is wrong with a notification's links: the runbook must be this alert's file in
 * runbooks/alerts/ (and exist), the dashboard link must name a generated dashboard's uid (and,
 * with viewPanel, one of its panels). Empty when both links are there and resolve.
 */
export function linkProblems(urls: string[], alert: string): string[] {
  const problems: string[] = [];
  const runbook = urls.find((u) => u.startsWith(`${runbookBaseUrl}/`));
  if (!runbook) problems.push('no runbook link');
  else {
    const path = runbook.slice(runbookBaseUrl.length + 1);
    if (path !== `runbooks/alerts/${alert}.md`)
      problems.push(`runbook link ${path} is not runbooks/alerts/${alert}.md`);
    if (!existsSync(join(repoRoot, path))) problems.push(`runbook ${path} does not exist`);
  }
  const dashboard = urls.find((u) => u.startsWith(`${grafanaUrl}/d/`));
  if (!dashboard) problems.push('no dashboard link');
  else {
    const url = new URL(dashboard);
    const uid = url.pathname.split('/')[2] ?? '';
    const panels = generatedDashboards().get(uid);
    if (!panels) problems.push(`dashboard uid ${uid} is not a generated dashboard`);
    const panel = url.searchParams.get('viewPanel');
    if (panels && panel && !panels.has(Number(panel)))
      problems.push(`dashboard ${uid} has no panel ${panel}`);
  }
  return problems;
}
