import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { caseLabels } from '../rules/checks/amtool.ts';
import type { RulesModel } from '../rules/checks/model.ts';
import type { InhibitionCase } from '../rules/routing/inhibition-cases.ts';
import type { RoutingConfig } from '../rules/routing/mutants.ts';
import type { RouteCase } from '../rules/routing/route-cases.ts';
import { startAlertmanager } from './alertmanager.ts';
import { waitFor } from './wait.ts';

type Labels = Record<string, string>;

/** An alert as GET /api/v2/alerts answers it. */
interface ApiAlert {
  labels: Labels;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[]; silencedBy: string[] };
}

export interface RoutingAlertmanager {
  url: string;
  /** What is wrong with this route case: [] when the alert reaches exactly its receivers, in order. */
  routeCase(routeCase: RouteCase): Promise<string[]>;
  /** What is wrong with this inhibition case: [] when every alert is muted by its named alert, or active. */
  inhibitionCase(inhibitionCase: InhibitionCase): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The configuration as Alertmanager routes and inhibits with it, notifying nobody: every receiver
 * keeps its name and loses its integrations (webhooks, email), so that a test reads routes and
 * mutes from the API and nothing leaves the machine. Routes and inhibitions are untouched.
 */
export function withoutIntegrations(config: RoutingConfig): RoutingConfig {
  return { ...config, receivers: config.receivers.map(({ name }) => ({ name })) };
}

const show = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
const identity = (labels: Labels) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/**
 * The real Alertmanager (local-platform/alertmanager.ts) on a free loopback port with `config`
 * (integrations removed), for route and inhibition cases taken one at a time: each posts its
 * alerts through /api/v2/alerts as Prometheus does, reads where they go and what mutes them, then
 * resolves them, so the next case starts from nothing.
 */
export async function startRoutingAlertmanager(
  config: RoutingConfig,
  model: RulesModel,
): Promise<RoutingAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'porttrack-routing-'));
  let am;
  try {
    am = await startAlertmanager({ dir, config: dump(withoutIntegrations(config), { lineWidth: -1 }) });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const { url } = am;

  const post = async (alerts: object[]) => {
    const res = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!res.ok) throw new Error(`Alertmanager refused alerts: ${res.status} ${await res.text()}`);
  };
  const current = async (): Promise<ApiAlert[]> => {
    const res = await fetch(`${url}/api/v2/alerts`);
    if (!res.ok) throw new Error(`GET /api/v2/alerts: ${res.status}`);
    return (await res.json()) as ApiAlert[];
  };
  /** Ends them (a resolved alert mutes nothing and is no longer listed). */
  const resolve = (labelSets: Labels[]) => {
    const now = Date.now();
    const startsAt = new Date(now - 60_000).toISOString();
    const endsAt = new Date(now - 1_000).toISOString();
    return post(labelSets.map((labels) => ({ labels, startsAt, endsAt })));
  };
  const labelsOf = (what: string, ref: Parameters<typeof caseLabels>[1]): Labels => {
    const labels = caseLabels(model, ref);
    if (typeof labels === 'string') throw new Error(`${what}: ${labels}`);
    return labels;
  };
  const find = (alerts: ApiAlert[], labels: Labels) =>
    alerts.find((a) => identity(a.labels) === identity(labels));

  return {
    url,
    async routeCase(routeCase) {
      const labels = labelsOf(routeCase.name, routeCase);
      await post([{ labels }]);
      try {
        const found = find(await current(), labels);
        if (!found) return [`${show(labels)}: not listed by Alertmanager after posting it`];
        const got = found.receivers.map((r) => r.name);
        const want = [...routeCase.receivers];
        return got.join(',') === want.join(',')
          ? []
          : [`${show(labels)} reaches [${got.join(', ')}], expected [${want.join(', ')}]`];
      } finally {
        await resolve([labels]);
      }
    },
    async inhibitionCase(inhibitionCase) {
      const entries = Object.entries(inhibitionCase.alerts).map(
        ([key, alert]) =>
          [key, { ...alert, set: labelsOf(`${inhibitionCase.name} / ${key}`, alert) }] as const,
      );
      const muters = new Set(entries.flatMap(([, a]) => (a.inhibitedBy ? [a.inhibitedBy] : [])));
      const unknown = [...muters].filter((m) => !entries.some(([key]) => key === m));
      if (!muters.size || unknown.length)
        throw new Error(
          `${inhibitionCase.name}: needs a muted alert, and inhibitedBy naming alerts of the case (unknown: ${unknown.join(', ')})`,
        );
      // The muting alerts last: once their mutes show, Alertmanager has read all the others.
      const ordered = [...entries.filter(([k]) => !muters.has(k)), ...entries.filter(([k]) => muters.has(k))];
      await post(ordered.map(([, a]) => ({ labels: a.set })));
      try {
        const muted = entries.filter(([, a]) => a.inhibitedBy);
        const listed = await waitFor(
          async () => {
            const alerts = await current();
            return muted.every(([, a]) => find(alerts, a.set)?.status.state === 'suppressed')
              ? alerts
              : undefined;
          },
          { what: 'the expected mutes', timeoutMs: 5_000, intervalMs: 20 },
        ).catch(() => current());
        const keyOf = new Map(entries.map(([key, a]) => [find(listed, a.set)?.fingerprint, key]));
        return entries.flatMap(([key, a]) => {
          const found = find(listed, a.set);
          if (!found) return [`${key} (${show(a.set)}): not listed by Alertmanager after posting it`];
          const by = found.status.inhibitedBy.map((fp) => keyOf.get(fp) ?? fp);
          const { state } = found.status;
          const got = state === 'suppressed' ? `muted by ${by.join(', ')}` : state;
          const want = a.inhibitedBy ? `muted by ${a.inhibitedBy}` : 'active';
          if (state === (a.inhibitedBy ? 'suppressed' : 'active')) return [];
          return [`${key} (${show(a.set)}): ${got}, expected ${want}`];
        });
      } finally {
        await resolve(entries.map(([, a]) => a.set));
      }
    },
    async stop() {
      await am.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
