import { waitFor } from '../../local-platform/wait.ts';
import {
  activeInPrometheus,
  conditionTrueSince,
  firingInPrometheus,
  forOf,
  groupWaitFor,
  receiversInAlertmanager,
} from './alert-state.ts';
import type { DrillPlatform } from './drill-platform.ts';
import { linkProblems, mailFor, mailUrls, slackFor, slackUrls, type Status } from './notifications.ts';

export interface DrillSpec {
  alert: string;
  /** Starts the fault. */
  inject(): Promise<void>;
  /** Removes it; absent for an alert that never resolves (Watchdog). */
  remove?(): Promise<void>;
  /** Removes the fault as soon as the alert fires in Prometheus (keeps windowed ratios short). */
  removeWhenFiring?: boolean;
  /** When the fault began, if not at inject() (Watchdog: when Prometheus started). */
  startedAt?: number;
  /** Gives up at once, with this reason, when the drill broke something it should not have. */
  abortIf?: () => string | undefined;
  /**
   * Seconds the alert's windowed condition needs to cross its threshold at this fault, computed
   * before the fault from its size (see crossing.ts); default 0 (a gauge crosses at once).
   */
  crossing?: () => Promise<number>;
  /** Bounds each wait for firing and delivery. */
  timeoutMs?: number;
  /** Bounds the wait for resolution (alerts on 5-minute windows need that long). */
  resolveTimeoutMs?: number;
}

export interface DrillResult {
  alert: string;
  receiver: string;
  latency_seconds: number;
  bound_seconds: number;
  /** The bound's part for the windowed condition to cross its threshold (computed). */
  crossing_seconds: number;
  ratio: number;
  /** The firing notification arrived with the right title and working links. */
  slack: boolean;
  email: boolean;
  /** The resolved notification arrived (null: the alert never resolves). */
  resolved: { slack: boolean; email: boolean } | null;
  /**
   * Seconds from the fault to: the alert's condition first holding (windowed expressions need
   * time to cross their threshold, which the bound does not count), firing in Prometheus,
   * active in Alertmanager.
   */
  stages: { inject: number; condition_true: number | null; prometheus_firing: number; alertmanager: number };
  problems: string[];
  /** Unix ms when it fired in Prometheus (dashboards are checked at a moment every fault was on). */
  firedAt: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The result of a drill that broke off with `problem`, so the drills beside it still finish. */
export const brokenDrill = (alert: string, problem: string): DrillResult => ({
  alert,
  receiver: '',
  latency_seconds: 0,
  bound_seconds: 0,
  crossing_seconds: 0,
  ratio: 0,
  slack: false,
  email: false,
  resolved: null,
  stages: { inject: 0, condition_true: null, prometheus_firing: 0, alertmanager: 0 },
  problems: [problem],
  firedAt: 0,
});

/**
 * One alert drill: inject the fault, follow the alert through Prometheus (firing), Alertmanager
 * (active, routed), the Slack receiver and the SMTP mailbox (title, runbook and dashboard
 * links); remove the fault and wait for both resolved notifications. Detection latency is fault
 * to the later of the two deliveries; its bound is scrape + evaluation + the time the condition
 * needs to cross its threshold at the fault (computed) + for + group_wait.
 */
export async function runDrill(
  e2e: DrillPlatform,
  spec: DrillSpec,
  log: (line: string) => void,
): Promise<DrillResult> {
  const timeoutMs = spec.timeoutMs ?? 90_000;
  const problems: string[] = [];
  const wait = <T>(what: string, probe: () => Promise<T | undefined>) =>
    waitFor(probe, {
      what: `${spec.alert}: ${what}`,
      timeoutMs,
      intervalMs: 100,
      ...(spec.abortIf ? { abort: spec.abortIf } : {}),
    });
  // A fault that began before the drill (Watchdog) may have been delivered already.
  const mailsBefore = spec.startedAt === undefined ? e2e.smtp.mails.length : 0;
  // The fault counts from the moment it is fully in place (the burst sent, the back-dated call
  // stored); how long setting it up took is reported apart.
  const crossing = spec.crossing ? await spec.crossing() : 0;
  const injectStarted = Date.now();
  await spec.inject();
  const started = spec.startedAt ?? Date.now();
  const since = (t: number) => round((t - started) / 1000);
  log(`${spec.alert}: fault in place after ${round((started - injectStarted) / 1000)} s of set-up`);
  await wait('firing in Prometheus', async () =>
    (await firingInPrometheus(e2e.prometheusUrl, spec.alert)) ? true : undefined,
  );
  const firedAt = Date.now();
  let removedAt: number | undefined;
  if (spec.remove && spec.removeWhenFiring) {
    removedAt = firedAt;
    await spec.remove();
    log(`${spec.alert}: fault removed as the alert fired`);
  }
  const receivers = await wait('active in Alertmanager', () =>
    receiversInAlertmanager(e2e.alertmanagerUrl, spec.alert),
  );
  const inAmAt = Date.now();
  const receiver = receivers[0]!;
  if (receivers.length > 1) problems.push(`routed to several receivers: ${receivers.join(', ')}`);
  log(`${spec.alert}: firing after ${since(firedAt)} s, routed to ${receiver}`);

  const delivered = async (status: Status, from: number, mailsFrom: number) => {
    const slack = await wait(`${status} Slack message on /services/${receiver}`, async () =>
      slackFor(e2e.slack, receiver, spec.alert, status, from),
    ).catch((err: Error) => void problems.push(err.message));
    const mail = await wait(`${status} email to ${receiver}`, async () => {
      const m = mailFor(e2e.smtp, receiver, spec.alert, status, mailsFrom);
      return m ? { m, at: Date.now() } : undefined;
    }).catch((err: Error) => void problems.push(err.message));
    return { slack, mail };
  };

  const firing = await delivered('firing', started, mailsBefore);
  const slackLinks = firing.slack ? linkProblems(slackUrls(firing.slack), spec.alert) : ['no message'];
  const mailLinks = firing.mail ? linkProblems(mailUrls(firing.mail.m), spec.alert) : ['no mail'];
  problems.push(...slackLinks.map((p) => `slack: ${p}`), ...mailLinks.map((p) => `email: ${p}`));
  const deliveredAt = Math.max(firing.slack?.at ?? Date.now(), firing.mail?.at ?? Date.now());

  const conditionAt = await conditionTrueSince(e2e.prometheusUrl, spec.alert, started, firedAt);
  const forSeconds = await forOf(e2e.prometheusUrl, spec.alert);
  const groupWait = await groupWaitFor(e2e.alertmanagerUrl, receiver);
  const bound =
    e2e.timing.scrapeIntervalSeconds +
    e2e.timing.evaluationIntervalSeconds +
    crossing +
    forSeconds +
    groupWait;
  const latency = (deliveredAt - started) / 1000;

  let resolved: DrillResult['resolved'] = null;
  if (spec.remove) {
    const mailsAtRemoval = removedAt === undefined ? e2e.smtp.mails.length : mailsBefore;
    if (removedAt === undefined) {
      removedAt = Date.now();
      await spec.remove();
      log(`${spec.alert}: fault removed`);
    }
    const resolveWait = { timeoutMs: spec.resolveTimeoutMs ?? timeoutMs, intervalMs: 250 };
    await waitFor(
      async () => ((await activeInPrometheus(e2e.prometheusUrl, spec.alert)) ? undefined : true),
      {
        what: `${spec.alert}: gone from Prometheus`,
        ...resolveWait,
      },
    ).catch((err: Error) => void problems.push(err.message));
    const after = await delivered('resolved', removedAt, mailsAtRemoval);
    resolved = { slack: Boolean(after.slack), email: Boolean(after.mail) };
    log(`${spec.alert}: resolved ${round((Date.now() - removedAt) / 1000)} s after the fault was removed`);
  }

  return {
    alert: spec.alert,
    receiver,
    latency_seconds: round(latency),
    bound_seconds: round(bound),
    crossing_seconds: round(crossing),
    ratio: round(latency / bound),
    slack: Boolean(firing.slack) && slackLinks.length === 0,
    email: Boolean(firing.mail) && mailLinks.length === 0,
    resolved,
    stages: {
      inject: spec.startedAt === undefined ? round((started - injectStarted) / 1000) : 0,
      condition_true: conditionAt === undefined ? null : since(conditionAt),
      prometheus_firing: since(firedAt),
      alertmanager: since(inAmAt),
    },
    problems,
    firedAt,
  };
}
