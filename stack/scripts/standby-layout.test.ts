// deploy.sh's choice to run the streaming standby (lib/standby-layout.sh): where a node is
// labelled for it, a refusal naming the label when it is asked for and cannot be placed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { runSourced } from '../../lib/testing/sourced-bash.ts';

const script = join(repoRoot, 'stack/scripts/lib/standby-layout.sh');

/** standby_replicas MODE LABELLED: what deploy.sh would export, and what it says. */
function standby(mode: string, labelled: number) {
  return runSourced(script, 'standby_replicas "$@" && echo "$PORTTRACK_POSTGRES_STANDBY_REPLICAS"', [mode, labelled]);
}

describe('deploy.sh streaming standby (PORTTRACK_STANDBY)', () => {
  it('auto: one standby when a node is labelled for it, silently', () => {
    expect(standby('auto', 1)).toEqual({ status: 0, out: '1', err: '' });
  });

  it('auto: none without the label, saying how to label a node', () => {
    const res = standby('auto', 0);
    expect(res.status).toBe(0);
    expect(res.out).toBe('0');
    expect(res.err).toContain('docker node update --label-add porttrack.db-standby=true NODE');
  });

  it('on: refuses without the label; off: none whatever the labels; anything else refused', () => {
    const refused = standby('on', 0);
    expect(refused.status).not.toBe(0);
    expect(refused.out).toBe('');
    expect(refused.err).toContain('porttrack.db-standby=true');
    expect(standby('on', 1).out).toBe('1');
    expect(standby('off', 1)).toEqual({ status: 0, out: '0', err: '' });
    expect(standby('yes', 1).status).not.toBe(0);
  });
});
