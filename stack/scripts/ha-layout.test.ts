// deploy.sh's choice of layout (lib/ha-layout.sh): the Prometheus pair and three Alertmanagers on
// a Swarm that can hold them, one of each otherwise, and a refusal that says what is missing when
// the HA layout is asked for and cannot be had.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { runSourced } from '../../lib/testing/sourced-bash.ts';

const script = join(repoRoot, 'stack/scripts/lib/ha-layout.sh');

/** ha_layout MODE NODES LABELLED, then ha_replicas on its answer: what deploy.sh would export. */
function layout(mode: string, nodes: number, labelled: number) {
  return runSourced(
    script,
    'l=$(ha_layout "$@") && ha_replicas "$l" && echo "$l $PORTTRACK_PROMETHEUS_B_REPLICAS $PORTTRACK_ALERTMANAGER_REPLICAS"',
    [mode, nodes, labelled],
  );
}

describe('deploy.sh layout (PORTTRACK_HA)', () => {
  it('auto: the HA layout on three ready nodes with one labelled for prometheus-b', () => {
    expect(layout('auto', 3, 1)).toEqual({ status: 0, out: 'ha 1 3', err: '' });
    expect(layout('auto', 5, 1).out).toBe('ha 1 3');
  });

  it('auto: one of each on a single node, silently (the deployment as it always was)', () => {
    expect(layout('auto', 1, 0)).toEqual({ status: 0, out: 'single 0 1', err: '' });
    expect(layout('auto', 2, 1)).toEqual({ status: 0, out: 'single 0 1', err: '' });
  });

  it('auto: one of each on three nodes without the label, saying how to label one', () => {
    const res = layout('auto', 3, 0);
    expect(res.out).toBe('single 0 1');
    expect(res.err).toContain('docker node update --label-add porttrack.prometheus=b NODE');
  });

  it('on: refuses what cannot hold the HA layout, saying why', () => {
    const res = layout('on', 2, 0);
    expect(res.status).not.toBe(0);
    expect(res.out).toBe('');
    expect(res.err).toContain('needs 3');
    expect(res.err).toContain('porttrack.prometheus=b');
    expect(layout('on', 3, 1).out).toBe('ha 1 3');
  });

  it('off: one of each whatever the Swarm; anything else is refused', () => {
    expect(layout('off', 3, 1).out).toBe('single 0 1');
    expect(layout('yes', 3, 1).status).not.toBe(0);
  });
});
