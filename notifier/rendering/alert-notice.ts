import type { Alert, AlertmanagerWebhook } from '../receiving/payload.ts';
import { dashboardLink, graphLink, type LinkSettings, runbookLink, silenceLink } from './links.ts';
import { markers, type Notice, type NoticeItem, type NoticeLink } from './notice.ts';

/** Labels shown elsewhere in the message, or noise for a reader. */
const hiddenLabels = new Set(['alertname', 'severity', 'service', 'prometheus', 'monitor']);
/** Slack allows 50 blocks per message; beyond this many alerts the rest are counted, not shown. */
export const maxAlertsShown = 10;

const severityMarker = (severity: string | undefined) =>
  severity === 'critical' ? markers.critical : severity === 'warning' ? markers.warning : markers.info;

/** `[FIRING:2] HighErrorRate (api)`: Alertmanager's familiar subject line. */
export function alertTitle(payload: AlertmanagerWebhook): string {
  const count = payload.alerts.filter((a) => a.status === payload.status).length;
  const names = [...new Set(payload.alerts.map((a) => a.labels.alertname!))];
  const name = payload.commonLabels.alertname ?? names.join(', ');
  const services = [...new Set(payload.alerts.map((a) => a.labels.service).filter(Boolean))];
  const service = payload.commonLabels.service ?? services.join(', ');
  return `[${payload.status.toUpperCase()}:${count}] ${name}${service ? ` (${service})` : ''}`;
}

const utc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

function alertItem(
  alert: Alert,
  payload: AlertmanagerWebhook,
  settings: LinkSettings,
  now: number,
): NoticeItem {
  const { labels, annotations } = alert;
  const resolved = alert.status === 'resolved';
  const fields: NoticeItem['fields'] = [
    ['Status', alert.status],
    ['Severity', labels.severity ?? 'none'],
  ];
  if (labels.service) fields.push(['Service', labels.service]);
  if (annotations.value) fields.push(['Value', annotations.value]);
  fields.push(['Started', utc(alert.startsAt)]);
  if (resolved) fields.push(['Resolved', utc(alert.endsAt)]);
  const others = Object.keys(labels)
    .filter((k) => !hiddenLabels.has(k))
    .sort()
    .map((k) => `${k}=${labels[k]}`);
  if (others.length) fields.push(['Labels', others.join(', ')]);

  const links: NoticeLink[] = [];
  const add = (label: string, url: string | undefined) => url && links.push({ label, url });
  add('Runbook', runbookLink(annotations.runbook_url, settings.runbookBaseUrl));
  add(
    'Dashboard',
    dashboardLink(settings.grafanaUrl, annotations.dashboard, alert.startsAt, alert.endsAt, now),
  );
  if (!resolved)
    add('Silence', silenceLink(settings.alertmanagerUrl ?? (payload.externalURL || undefined), labels));
  add('Graph', graphLink(alert.generatorURL, settings.prometheusUrl));

  return {
    marker: resolved ? markers.resolved : severityMarker(labels.severity),
    heading: annotations.summary ?? labels.alertname!,
    ...(annotations.description ? { body: annotations.description } : {}),
    fields,
    links,
  };
}

/** One notice per Alertmanager group: every alert of the group, firing first. */
export function alertNotice(payload: AlertmanagerWebhook, settings: LinkSettings, now = Date.now()): Notice {
  const ordered = [...payload.alerts].sort(
    (a, b) =>
      Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
      a.startsAt.localeCompare(b.startsAt),
  );
  const shown = ordered.slice(0, maxAlertsShown);
  const hidden = ordered.length - shown.length + payload.truncatedAlerts;
  const severities = payload.alerts.map((a) => a.labels.severity);
  const top = severities.includes('critical')
    ? 'critical'
    : severities.includes('warning')
      ? 'warning'
      : 'info';
  return {
    title: alertTitle(payload),
    marker: payload.status === 'resolved' ? markers.resolved : severityMarker(top),
    intro: `Receiver ${payload.receiver}: ${payload.alerts.length} alert(s) in this group.`,
    items: shown.map((a) => alertItem(a, payload, settings, now)),
    ...(hidden > 0 ? { footer: `${hidden} more alert(s) in this group are not shown.` } : {}),
  };
}
