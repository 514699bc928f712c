import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realModel } from '../rules/checks/model.ts';
import { deployedRouting } from '../rules/routing/deployments.ts';
import { inhibitionCases } from '../rules/routing/inhibition-cases.ts';
import type { RouteNode } from '../rules/routing/mutants.ts';
import { routeCases } from '../rules/routing/route-cases.ts';
import { type RoutingAlertmanager, startRoutingAlertmanager } from './routing-behaviour.ts';

// The stack's alertmanager.yml as deployed, in the real Alertmanager 0.25: where each route case
// goes and what each inhibition case mutes, read from its API. One process for the whole file.
const config = deployedRouting();
let am: RoutingAlertmanager;
beforeAll(async () => {
  am = await startRoutingAlertmanager(config, realModel());
});
afterAll(() => am?.stop());

describe('routing, by the real Alertmanager', () => {
  it.each(routeCases.map((c) => [c.name, c] as const))('%s', async (_name, routeCase) => {
    expect(await am.routeCase(routeCase)).toEqual([]);
  });
});

describe('inhibitions, by the real Alertmanager', () => {
  it.each(inhibitionCases.map((c) => [c.name, c] as const))('%s', async (_name, inhibitionCase) => {
    expect(await am.inhibitionCase(inhibitionCase)).toEqual([]);
  });

  it('tells a wrong expectation apart: a case expecting the opposite fails, naming the alert', async () => {
    const [first] = inhibitionCases;
    const flipped = {
      name: 'NodeDown expected to mute the other host too',
      alerts: { ...first!.alerts, cpuOtherHost: { ...first!.alerts.cpuOtherHost, inhibitedBy: 'nodeDown' } },
    };
    // The expected mute never shows: the case waits for it (bounded), then reports it.
    expect(await am.inhibitionCase(flipped)).toEqual([
      'cpuOtherHost (alertname=NodeHighCpu severity=warning service=node instance=node-b:9100): active, expected muted by nodeDown',
    ]);
  });
});

describe('time intervals', () => {
  const routes = (node: RouteNode): RouteNode[] => [node, ...(node.routes ?? []).flatMap(routes)];
  it('none: no route is muted or active by time, so there is no time case to run (add them with one)', () => {
    const settings = config as unknown as Record<string, unknown>;
    expect(Object.keys(settings).filter((k) => /time_intervals$/.test(k))).toEqual([]);
    const timed = routes(config.route).filter((r) =>
      Object.keys(r).some((k) => k === 'mute_time_intervals' || k === 'active_time_intervals'),
    );
    expect(timed).toEqual([]);
  });
});
