// deploy.sh's nginx count (lib/edge-layout.sh): one by default, one per edge node when asked, and
// a refusal that says why when the Swarm cannot hold them or blue-green would leave a node behind.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { runSourced } from '../../lib/testing/sourced-bash.ts';

const script = join(repoRoot, 'stack/scripts/lib/edge-layout.sh');

/** edge_replicas EDGE MANAGERS STRATEGY: what deploy.sh would export, or its refusal. */
function edge(nodes: string, managers: number, strategy = 'rolling') {
  return runSourced(script, 'edge_replicas "$@" && echo "$PORTTRACK_NGINX_REPLICAS"', [nodes, managers, strategy]);
}

describe('deploy.sh nginx count (PORTTRACK_EDGE_NODES)', () => {
  it('one nginx on a single VM, with either strategy', () => {
    expect(edge('1', 1)).toEqual({ status: 0, out: '1', err: '' });
    expect(edge('1', 3, 'blue-green')).toEqual({ status: 0, out: '1', err: '' });
  });

  it('one per edge node with rolling updates, up to the ready managers', () => {
    expect(edge('2', 3)).toEqual({ status: 0, out: '2', err: '' });
    expect(edge('3', 3)).toEqual({ status: 0, out: '3', err: '' });
    const res = edge('4', 3);
    expect(res.status).not.toBe(0);
    expect(res.err).toContain('3 ready manager(s)');
  });

  it('refuses blue-green with nginx on two nodes, saying how to deploy instead', () => {
    const res = edge('2', 3, 'blue-green');
    expect(res.status).not.toBe(0);
    expect(res.out).toBe('');
    expect(res.err).toContain('--strategy rolling');
  });

  it('refuses what is not a count', () => {
    for (const bad of ['0', 'two', '-1', '1.5', ''])
      expect(edge(bad, 3).err, bad).toContain('PORTTRACK_EDGE_NODES');
  });
});
