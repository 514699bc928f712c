// promote-standby.sh --swarm's switch (lib/swarm-switch.sh) against a stub docker on the PATH
// that plays back each service's update status: it waits for every rolling update it started,
// updates again a service Swarm rolled back (which would otherwise stay on the old, dead host),
// and fails naming a service that keeps rolling back. The real Swarm run is tests/swarm.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';

const scripts = join(repoRoot, 'stack/scripts/lib');
const done = 'completed 2099-01-01T00:00:00|update completed';
const rolledBack = 'rollback_completed |update rolled back due to failure or early termination of task t1';

// Each `docker service inspect` of the update status answers the next line of the service's
// file (then its last line again); `service update` is logged; `sleep` returns at once.
const stubDocker = `#!/bin/bash
dir=$(dirname "$0")
name=\${@: -1}
case "$1 $2" in
  "service inspect")
    [ -f "$dir/$name.replicas" ] || exit 1
    case "$*" in
      *Replicas*) cat "$dir/$name.replicas" ;;
      *UpdateStatus*)
        n=$(($(cat "$dir/$name.reads" 2>/dev/null || echo 0) + 1)); echo "$n" > "$dir/$name.reads"
        total=$(wc -l < "$dir/$name.status"); [ "$n" -le "$total" ] || n=$total
        sed -n "\${n}p" "$dir/$name.status" ;;
    esac ;;
  "service update") echo "$name" >> "$dir/updates" ;;
  "service ps") echo "t1 task: non-zero exit (1)" ;;
  "service logs") printf 'starting\nnotifier failed to start: connect ECONNREFUSED\n' ;;
esac
`;

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Runs switch_services on stack `pt` whose services have these replicas and status lines. */
function switchWith(services: Record<string, { replicas: number; status?: string[] }>) {
  dir = mkdtempSync(join(tmpdir(), 'swarm-switch-'));
  writeFileSync(join(dir, 'docker'), stubDocker);
  writeFileSync(join(dir, 'sleep'), '#!/bin/sh\n');
  for (const tool of ['docker', 'sleep']) chmodSync(join(dir, tool), 0o755);
  writeFileSync(join(dir, 'updates'), '');
  for (const [service, { replicas, status = [done] }] of Object.entries(services)) {
    writeFileSync(join(dir, `pt_${service}.replicas`), `${replicas}\n`);
    writeFileSync(join(dir, `pt_${service}.status`), `${status.join('\n')}\n`);
  }
  const res = spawnSync(
    'bash',
    ['-c', `. "${scripts}/backup-common.sh" && . "${scripts}/swarm-switch.sh" && switch_services pt`],
    { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } },
  );
  const updates = readFileSync(join(dir, 'updates'), 'utf8').split('\n').filter(Boolean);
  /** How often the script read the service's update status. */
  const reads = (service: string) => Number(readFileSync(join(dir!, `pt_${service}.reads`), 'utf8'));
  return { status: res.status, err: res.stderr, updates, reads };
}

describe('promote-standby.sh --swarm: pointing the services at the new primary', () => {
  it('waits past an earlier update’s status for its own, and skips a colour scaled to 0', () => {
    const res = switchWith({
      api: { replicas: 2, status: ['completed 2000-01-01T00:00:00|update completed', 'updating |', done] },
      'api-blue': { replicas: 0, status: [] },
      notifier: { replicas: 2 },
      exporters: { replicas: 1 },
    });
    expect(res.status, res.err).toBe(0);
    expect(res.updates).toEqual(['pt_api', 'pt_api-blue', 'pt_notifier', 'pt_exporters']);
    expect(res.err).toContain('pt_api: updated');
    // The stale "completed", then "updating", then its own completion.
    expect(res.reads('api')).toBe(3);
    expect(res.err).not.toContain('pt_api-blue: updated');
    expect(res.err).toContain('services point at postgres-standby');
  });

  it('updates again a service Swarm rolled back, saying why its task failed', () => {
    const res = switchWith({
      api: { replicas: 2 },
      notifier: { replicas: 2, status: ['updating |', 'rollback_started |', rolledBack, 'updating |', done] },
    });
    expect(res.status, res.err).toBe(0);
    expect(res.updates).toEqual(['pt_api', 'pt_notifier', 'pt_notifier']);
    expect(res.err).toContain(
      'pt_notifier: rollback_completed, update rolled back due to failure or early termination of task t1 (task: non-zero exit (1); its log: notifier failed to start: connect ECONNREFUSED ): updating it again',
    );
    expect(res.err).toContain('pt_notifier: updated');
  });

  it('fails naming the service when it rolls back three times', () => {
    const res = switchWith({
      api: { replicas: 2 },
      notifier: { replicas: 2, status: [rolledBack, 'updating |', rolledBack, 'updating |', rolledBack] },
    });
    expect(res.status).toBe(1);
    expect(res.updates).toEqual(['pt_api', 'pt_notifier', 'pt_notifier', 'pt_notifier']);
    expect(res.err).toContain('pt_notifier did not take postgres-standby');
    expect(res.err).not.toContain('services point at');
  });
});
