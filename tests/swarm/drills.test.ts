// `npm run drill:swarm`: zero-downtime updates, rollbacks, blue-green and chaos drilled under
// load on the real Swarm (drills/deploy-chaos/). SWARM_DRILLS picks some (`.ci/run` runs the
// rolling update, the never-healthy rollback and one chaos drill). Figures go to
// test-results/swarm-drills.json; `npm run bench -- swarm-drills` keeps a full run in bench/results.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedDrills } from '../../drills/deploy-chaos/drills.ts';
import { DrillSession } from '../../drills/deploy-chaos/session.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const resultsFile = process.env.SWARM_DRILLS_RESULTS_FILE ?? join(repoRoot, 'test-results/swarm-drills.json');
const log = (line: string) =>
  process.stdout.write(`[drill ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const session = new DrillSession(repoRoot, log);

beforeAll(() => session.setup(), 40 * 60_000);

afterAll(async () => {
  try {
    await session.teardown();
  } finally {
    mkdirSync(dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(session.summary(), null, 2)}\n`);
    log(`figures written to ${resultsFile}`);
  }
}, 5 * 60_000);

describe('drills under load on the Swarm', () => {
  for (const drill of selectedDrills()) {
    it(
      `${drill.name}: ${drill.what}`,
      async () => {
        await drill.run(session);
        const result = session.results.find((r) => r.name === drill.name);
        expect(result, 'the drill recorded its result').toBeDefined();
        expect(result!.problems).toEqual([]);
        expect(result!.lostAcknowledgedRows).toBe(0);
      },
      15 * 60_000,
    );
  }
});
