import { describe, expect, it } from 'vitest';
import { formatProblem } from '../lib/validation.ts';
import { realModel } from '../rules/checks/model.ts';
import { deployedRouting } from '../rules/routing/deployments.ts';
import { inhibitionCases } from '../rules/routing/inhibition-cases.ts';
import { equivalentMutants, routingMutants } from '../rules/routing/mutants.ts';
import { mutationProblems, mutationReport, runRoutingMutants } from './routing-mutation.ts';

describe('routing mutation check', () => {
  it('makes the three kinds of mutant of every route and inhibition', () => {
    const whats = routingMutants(deployedRouting()).map((m) => m.what);
    expect(whats).toContain('route 4 (port-managers): without matcher team="port-operations"');
    expect(whats).toContain('route 6 (oncall): receiver platform instead');
    expect(whats).toContain('inhibition 3 (severity="critical"): equal [] instead of [alertname, service]');
    expect(whats.filter((w) => w.startsWith('inhibition') && w.includes('equal []'))).toHaveLength(3);
    expect(whats).toContain('inhibition 2 (alertname="ApiDown"): removed');
  });

  it('accepts a listed equivalent surviving, and names a survivor, a caught equivalent and a stale one', () => {
    const listed = { 'route 9: without matcher a="b"': 'why', 'gone: mutant': 'why' };
    const problems = mutationProblems(
      [
        { what: 'route 1 (x): receiver y instead', killedBy: ['route: case'] },
        { what: 'route 2 (x): without matcher a="b"', killedBy: [] },
        { what: 'route 9: without matcher a="b"', killedBy: ['inhibition: case'] },
      ],
      listed,
    ).map(formatProblem);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^rules\/routing\/alertmanager-config.ts \[route 2 \(x\): without matcher a="b"\]: every route case/,
    );
    expect(problems[1]).toMatch(
      /\[route 9: without matcher a="b"\]: listed as equivalent, but inhibition: case caught it/,
    );
    expect(problems[2]).toMatch(
      /\[gone: mutant\]: listed as equivalent, but no such mutant is made any more/,
    );
  });

  it('names the mutants a case set lets through: the ApiDown inhibition with its mute case only', async () => {
    const shipped = deployedRouting();
    const config = {
      ...shipped,
      route: { receiver: 'platform' },
      inhibit_rules: shipped.inhibit_rules.filter((r) => r.source_matchers.includes('alertname="ApiDown"')),
    };
    const mutes = inhibitionCases.filter((c) => c.name.startsWith('ApiDown mutes'));
    expect(mutes).toHaveLength(1);
    const results = await runRoutingMutants(realModel(), config, { routeCases: [], inhibitionCases: mutes });
    // Without the case of an ApiDown elsewhere, nothing needs `equal` or the service matcher.
    expect(results.filter((m) => !m.killedBy.length).map((m) => m.what)).toEqual([
      'the root route (platform): receiver port-managers instead',
      'inhibition 1 (alertname="ApiDown"): without source matcher alertname="ApiDown"',
      'inhibition 1 (alertname="ApiDown"): without target matcher service="api"',
      'inhibition 1 (alertname="ApiDown"): equal [] instead of [service]',
    ]);
  }, 120_000);

  // One Alertmanager per mutant, three at a time: 26 to 48 s here, by load.
  it('every mutant of the shipped routing fails some route or inhibition case in the real Alertmanager', async () => {
    const results = await runRoutingMutants(realModel());
    process.stdout.write(mutationReport(results));
    expect(mutationProblems(results).map(formatProblem)).toEqual([]);
    expect(results.filter((m) => m.killedBy.length).length).toBe(
      results.length - Object.keys(equivalentMutants).length,
    );
  }, 180_000);
});
