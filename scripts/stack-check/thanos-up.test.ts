// The Thanos part of the GitHub Actions stack check, as files: the job that runs it (test.yml's
// stack-check), the script it runs (thanos-up.sh) and the guide that tells a user the commands
// (runbooks/SCALING.md) must name the same image and flags. The containers themselves run only on
// GitHub's runners (dedup-check.test.ts says why, and runs the check's comparison here).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { replicaLabel } from '../../lib/monitoring/index.ts';
import { type Job, readWorkflows } from '../ops-checks/workflow-model.ts';

const read = (path: string) => readFile(join(repoRoot, path), 'utf8');

describe('the Thanos stack check', () => {
  let script: string;
  let guide: string;
  let job: Job;

  beforeAll(async () => {
    script = await read('scripts/stack-check/thanos-up.sh');
    guide = await read('runbooks/SCALING.md');
    const workflows = await readWorkflows(repoRoot);
    job = workflows.find((w) => w.file === '.github/workflows/test.yml')!.jobs['stack-check']!;
  });

  it('pins one Thanos release, and the scaling guide names the same image', () => {
    const pinned = /^image=(quay\.io\/thanos\/thanos:v\d+\.\d+\.\d+)$/m.exec(script)?.[1];
    expect(pinned, 'thanos-up.sh pins image=quay.io/thanos/thanos:vX.Y.Z').toBeDefined();
    expect(new Set(guide.match(/quay\.io\/thanos\/thanos:[^\s'"`]+/g))).toEqual(new Set([pinned]));
  });

  it('deduplicates on the label the stack sets, and lists endpoints as the release does', () => {
    for (const [name, text] of [
      ['thanos-up.sh', script],
      ['SCALING.md', guide],
    ] as const) {
      expect(text, name).toContain(`--query.replica-label=${replicaLabel}`);
      expect(text, name).toContain('--endpoint.sd-config=');
      expect(text, name).toContain('--prometheus.url=');
      // --store is gone from Thanos Query and --endpoint deprecated (flags of the pinned release).
      expect(text, name).not.toMatch(/--store=|--endpoint=/);
    }
  });

  it("runs after PortTrack starts as replica a, and the failure step shows the Thanos containers' logs", async () => {
    const runs = (job.steps ?? []).map((step) => step.run ?? '');
    const at = (needle: string) => runs.findIndex((run) => run.includes(needle));
    expect(at('scripts/stack-check/start-porttrack.sh')).toBeGreaterThanOrEqual(0);
    expect(at('scripts/stack-check/thanos-up.sh')).toBeGreaterThan(
      at('scripts/stack-check/start-porttrack.sh'),
    );
    expect(at('scripts/stack-check/thanos-check.ts')).toBeGreaterThan(at('scripts/stack-check/thanos-up.sh'));
    expect(await read('scripts/stack-check/start-porttrack.sh')).toMatch(/PROMETHEUS_REPLICA=a\b/);

    // `sidecar a ...` and `sidecar b ...` start stack-check-thanos-sidecar-$1; Query has its own name.
    const replicas = [...script.matchAll(/^sidecar (\w+) /gm)].map(([, replica]) => replica!);
    const containers = [...script.matchAll(/--name "?stack-check-([\w-]+)(\$1)?"?/g)].flatMap(
      ([, name, arg]) => (arg ? replicas.map((replica) => `${name}${replica}`) : [name!]),
    );
    expect(containers.sort()).toEqual(['thanos-query', 'thanos-sidecar-a', 'thanos-sidecar-b']);
    const logs = (job.steps ?? []).find((step) => step.if?.includes('failure()'))?.run ?? '';
    for (const container of containers) expect(logs).toContain(container);
  });
});
