import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultRig, type FaultRig } from './testing/fault-rig.ts';
import { runFault, summarize, type FaultRun } from './testing/fault-scenarios.ts';

// The fault suite: each fault under steady load, asserting only what does not depend on timing.
// Outages last PORTTRACK_FAULT_OUTAGE_MS (3 s here to keep `npm test` short; the bench,
// `npm run bench -- faults`, holds them for the full 20 s and measures the figures).
const outageMs = Number(process.env.PORTTRACK_FAULT_OUTAGE_MS ?? 3000);
const requestTimeoutMs = 4000;
// Far beyond the API's own deadline, so a loaded machine is not mistaken for a hanging request.
const hangAfterMs = requestTimeoutMs + 15_000;

let rig: FaultRig;
beforeAll(async () => {
  rig = await startFaultRig('faults', { PORTTRACK_REQUEST_TIMEOUT_MS: String(requestTimeoutMs) });
});
afterAll(async () => {
  await rig?.close();
});

const run = (fault: Parameters<typeof runFault>[1]) => runFault(rig, fault, { outageMs, hangAfterMs });

/** Every write the API acknowledged is stored. */
async function expectAcknowledgedStored(run: FaultRun) {
  const acknowledged = run.results.filter(
    (r) => r.endpoint === 'write' && r.status >= 200 && r.status < 300 && r.marker,
  );
  const { rows } = await rig.t.pool.query<{ lon: number }>('SELECT lon FROM positions WHERE mmsi = $1', [
    rig.mmsi,
  ]);
  const stored = new Set(rows.map((r) => r.lon));
  expect(acknowledged.filter((r) => !stored.has(r.marker!)).map((r) => r.marker)).toEqual([]);
}

/** PostgreSQL away or slow: fail fast with 503 and Retry-After, never hang, liveness untouched, recover. */
async function expectFailedFastAndRecovered(result: FaultRun) {
  const summary = summarize(result.results);
  expect(summary.hung).toBe(0);
  expect(summary.failedOtherwise).toBe(0);
  expect(summary.withoutRetryAfter).toBe(0);
  expect(summary.serverErrors.health).toBe(0);
  expect(result.recoverMs).toBeDefined();
  await expectAcknowledgedStored(result);
  return summary;
}

describe('fault suite under steady load', { timeout: outageMs + 90_000 }, () => {
  it('Redis down: 0 failed requests, and writes acknowledged are stored', async () => {
    const result = await run('redis-down');
    const summary = summarize(result.results);
    expect(summary.requests).toBeGreaterThan(0);
    expect(result.results.filter((r) => r.status < 200 || r.status >= 300)).toEqual([]);
    await expectAcknowledgedStored(result);
  });

  it('PostgreSQL down: 503 with Retry-After, no hanging request, liveness up, recovers by itself', async () => {
    const result = await run('postgres-down');
    const summary = await expectFailedFastAndRecovered(result);
    // The outage was seen (a 503 while it lasted), and said why.
    expect(summary.serverErrors.read + summary.serverErrors.write).toBeGreaterThan(0);
    expect(
      result.results.filter((r) => r.status === 503).every((r) => r.reason === 'database_unavailable'),
    ).toBe(true);
  });

  it('PostgreSQL slow (2 s per query): each request answers or fails with 503, none hangs', async () => {
    await expectFailedFastAndRecovered(await run('postgres-slow'));
  });
});
