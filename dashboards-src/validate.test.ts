import { dashboards, panels } from '../lib/monitoring/index.ts';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../lib/validation.ts';
import { alertLinkProblems } from './checks/alert-links.ts';
import { datasourceProblems, panelDatasourceProblems } from './checks/datasource-refs.ts';
import { emptyMarkProblems } from './checks/empty-marks.ts';
import { sloDashboard } from './dashboards/slos.ts';
import { gridProblems } from './checks/grid.ts';
import { identityProblems } from './checks/identity.ts';
import { unknownMetricProblems } from './checks/metric-names.ts';
import type { GeneratedDashboard } from './checks/model.ts';
import { querySyntaxProblems } from './checks/query-syntax.ts';
import type { PanelJson } from './core/definition.ts';
import { dashboardChecks, generatedDashboards, provisionedDatasources } from './validate.ts';

/** A fresh deep copy of the generated dashboards, to break on purpose. */
const copy = (): GeneratedDashboard[] => structuredClone(generatedDashboards());
const byUid = (all: GeneratedDashboard[], uid: string) =>
  all.find((d) => d.json.uid === uid) as GeneratedDashboard;
const panelById = (d: GeneratedDashboard, id: number) => d.json.panels.find((p) => p.id === id) as PanelJson;
const firstTarget = (panel: PanelJson) => (panel.targets ?? [])[0] as { expr: string };

describe('dashboard validation', () => {
  it('passes on the generated dashboards', async () => {
    for (const check of dashboardChecks()) {
      const problems = await check.run();
      expect(problems.map(formatProblem), check.name).toEqual([]);
    }
  });

  it('names the dashboard, panel and target of a PromQL query that does not parse', () => {
    const all = copy();
    const api = byUid(all, dashboards.api.uid);
    firstTarget(panelById(api, panels.api.errorRate)).expr =
      'sum(rate(http_request_duration_seconds_count[5m])';
    const problems = querySyntaxProblems(all);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe('stack/grafana/dashboards/Operations/porttrack-api.json');
    expect(problems[0]?.where).toBe(
      'dashboard porttrack-api "API Performance", panel 3 "Error rate by endpoint" target A',
    );
    expect(problems[0]?.message).toMatch(/^PromQL does not parse/);
  });

  it('names the panel of a LogQL query that does not parse', () => {
    const all = copy();
    const security = byUid(all, dashboards.security.uid);
    firstTarget(panelById(security, panels.security.recentErrors)).expr = '{service="api" | json';
    const problems = querySyntaxProblems(all);
    expect(problems.map((p) => p.where)).toEqual([
      'dashboard porttrack-security "Security and Logs", panel 6 "Recent error lines" target A',
    ]);
    expect(problems[0]?.message).toMatch(/^LogQL does not parse/);
  });

  it('rejects a metric that is not in the catalog', () => {
    const all = copy();
    const system = byUid(all, dashboards.system.uid);
    const target = firstTarget(panelById(system, panels.system.cpu));
    target.expr = target.expr.replace('node_cpu_seconds_total', 'node_cpu_seconds');
    const problems = unknownMetricProblems(all);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.where).toContain('dashboard porttrack-system');
    expect(problems[0]?.where).toContain('panel 1 "CPU usage" target A');
    expect(problems[0]?.message).toContain('`node_cpu_seconds`');
  });

  it('checks the metric of a label_values() variable too', () => {
    const all = copy();
    const variable = byUid(all, dashboards.api.uid).json.templating?.list?.[0];
    if (variable) variable.query = 'label_values(upp{job="porttrack-api"}, instance)';
    expect(unknownMetricProblems(all).map((p) => `${p.where}: ${p.message.split(' is ')[0]}`)).toEqual([
      'dashboard porttrack-api "API Performance", variable $instance: metric `upp`',
    ]);
  });

  it('rejects a datasource uid that is not provisioned', () => {
    const all = copy();
    const target = (panelById(byUid(all, dashboards.slo.uid), panels.slo.burnRate).targets ?? [])[1];
    if (target?.datasource) target.datasource.uid = 'prometheus-old';
    const problems = datasourceProblems(all, provisionedDatasources());
    expect(problems.map((p) => p.where)).toEqual([
      'dashboard porttrack-slo "SLOs", panel 4 "Burn rates" target B',
    ]);
    expect(problems[0]?.message).toContain('prometheus-old is not provisioned');
  });

  it("rejects a panel whose datasource is not its targets'", () => {
    const all = copy();
    const map = panelById(byUid(all, dashboards.portOps.uid), panels.portOps.vesselMap);
    delete map.datasource;
    expect(panelDatasourceProblems(all).map((p) => `${p.where}: ${p.message}`)).toEqual([
      'dashboard porttrack-port-operations "Port Operations", panel 9 "Live vessel map": panel datasource (none) ' +
        "does not match its targets' (porttrack-postgres); set it, or use -- Mixed --",
    ]);
  });
});

describe('identity and grid checks on crafted input', () => {
  const panel = (id: number, x: number, y: number, w = 12, h = 8): PanelJson => ({
    id,
    type: 'timeseries',
    title: `p${id}`,
    gridPos: { x, y, w, h },
  });
  const dashboard = (uid: string, list: PanelJson[]): GeneratedDashboard => ({
    file: `crafted/${uid}.json`,
    json: { uid, title: `T ${uid}`, panels: list },
  });

  it('finds overlapping and out-of-grid panels', () => {
    const problems = gridProblems([
      dashboard('a', [panel(1, 0, 0), panel(2, 12, 0), panel(3, 6, 4), panel(4, 20, 20, 8)]),
    ]);
    expect(problems.map((p) => `${p.where}: ${p.message}`)).toEqual([
      'dashboard a "T a", panel 3 "p3": gridPos x=6 y=4 w=12 h=8 overlaps panel 1 "p1"',
      'dashboard a "T a", panel 3 "p3": gridPos x=6 y=4 w=12 h=8 overlaps panel 2 "p2"',
      'dashboard a "T a", panel 4 "p4": gridPos x=20 y=20 w=8 h=8 is outside the 24-column grid',
    ]);
  });

  it('accepts panels that only touch', () => {
    expect(gridProblems([dashboard('a', [panel(1, 0, 0), panel(2, 12, 0), panel(3, 0, 8, 24)])])).toEqual([]);
  });

  it('finds duplicate uids, duplicate panel ids and missing reserved panels', () => {
    const all = copy();
    const api = byUid(all, dashboards.api.uid);
    api.json.panels = api.json.panels.filter((p) => p.id !== panels.api.inFlight);
    const dup = panelById(api, panels.api.topEndpoints);
    dup.id = panels.api.latency;
    all.push(dashboard(dashboards.slo.uid, []));
    const messages = identityProblems(all).map((p) => `${p.where}: ${p.message}`);
    expect(messages).toContain(
      'dashboard porttrack-api "API Performance", panel 2 "Top endpoints": panel id 2 is also used by "Latency p50 / p95 / p99"',
    );
    expect(messages).toContain(
      'dashboard porttrack-api "API Performance", panel 7 (inFlight): reserved panel id 7 for "inFlight" (lib/monitoring/dashboards.ts) does not exist on the dashboard',
    );
    expect(messages).toContain(
      'dashboard porttrack-api "API Performance", panel 5 (topEndpoints): reserved panel id 5 for "topEndpoints" (lib/monitoring/dashboards.ts) does not exist on the dashboard',
    );
    expect(messages.some((m) => m.includes('uid porttrack-slo is also used by'))).toBe(true);
  });
});

describe('empty-when-healthy marks', () => {
  it('must name targets the panel has', () => {
    const marked = {
      ...sloDashboard,
      emptyWhenHealthy: new Map([[panels.slo.burnRate, { drill: 'x', refIds: ['Z'] }]]),
    };
    expect(emptyMarkProblems([marked]).map((p) => `${p.where}: ${p.message}`)).toEqual([
      'dashboard porttrack-slo "SLOs", panel 4 "Burn rates": emptyWhenHealthy names target Z, which the panel lacks',
    ]);
  });
});

describe('alert dashboard links', () => {
  const link = (dashboard: string) => ({
    file: 'stack/prometheus/rules/x.rules.yml',
    alert: 'ApiDown',
    dashboard,
  });

  it('resolve to an existing dashboard and panel', () => {
    const all = generatedDashboards();
    expect(alertLinkProblems([link('porttrack-api'), link('porttrack-api/3')], all)).toEqual([]);
  });

  it('name the alert when the dashboard or panel is missing', () => {
    const all = generatedDashboards();
    const problems = alertLinkProblems([link('porttrack-apis/3'), link('porttrack-api/99')], all);
    expect(problems.map((p) => `${p.where}: ${p.message.split(' (')[0]}`)).toEqual([
      'alert ApiDown, dashboard annotation porttrack-apis/3: no dashboard has uid porttrack-apis',
      'alert ApiDown, dashboard annotation porttrack-api/99: dashboard porttrack-api "API Performance" has no panel 99',
    ]);
  });
});
