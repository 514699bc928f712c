import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/net/free-port.ts';
import type { RunningService } from '../../lib/service.ts';
import { startProbeRunner } from '../../synthetics/runner/server.ts';
import { waitFor } from '../../local-platform/wait.ts';
import { lintFindings } from './support/promtool.ts';
import { silentLogger } from './support/logger.ts';

const run = promisify(execFile);

describe('synthetics', () => {
  it.each(['synthetics', 'synthetics/runner'])(
    'type-checks %s (k6 scripts against @types/k6)',
    async (project) => {
      await expect(run('npx', ['tsc', '-p', project], { timeout: 60_000 })).resolves.toBeDefined();
    },
  );

  describe('probe runner against an API that is down', () => {
    let runner: RunningService;
    beforeAll(async () => {
      const closed = await freePort();
      runner = await startProbeRunner(
        {
          PORT: '0',
          HOST: '127.0.0.1',
          PROBE_TARGET_URL: `http://127.0.0.1:${closed}`,
          PROBE_INTERVAL_SECONDS: '0.5',
          PROBE_PASSWORD: 'not-used-here',
          NODE_ENV: 'test',
        },
        silentLogger(),
      );
    });
    afterAll(() => runner?.stop());

    it('reports every journey failed, with duration and run time, in clean exposition format', async () => {
      const text = await waitFor(
        async () => {
          const body = await (await fetch(`${runner.url}/metrics`)).text();
          return body.includes('porttrack_probe_success{journey="ingest-position"}') ? body : undefined;
        },
        { what: 'probe results on /metrics', timeoutMs: 10_000 },
      );
      for (const journey of ['login-list-vessels', 'ingest-position']) {
        expect(text).toContain(`porttrack_probe_success{journey="${journey}"} 0`);
        expect(text).toMatch(new RegExp(`porttrack_probe_duration_seconds\\{journey="${journey}"\\} \\d`));
        const last = Number(
          text.match(
            new RegExp(`porttrack_probe_last_run_timestamp_seconds\\{journey="${journey}"\\} (\\S+)`),
          )?.[1],
        );
        expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(30);
      }
      expect(await lintFindings(text)).toEqual([]);
    });
  });
});
