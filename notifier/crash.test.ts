import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../lib/net/free-port.ts';
import { createPool, type Pool } from '../lib/db/pool.ts';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type SlackReceiver, startSlackReceiver } from '../lib/testing/slack-receiver.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startNotifier } from './server.ts';
import { notifierEnv, testTokens } from './testing/env.ts';
import { bearer, webhookPayload } from './testing/fixtures.ts';

// A notifier process killed (SIGKILL) in the middle of a send: nothing of the shutdown path
// runs. Its claims stay leased until the lease expires, then another process delivers them.
const leaseMs = 11_000; // the shortest lease the configuration allows with a 1 s send timeout
const root = fileURLToPath(new URL('..', import.meta.url));

let db: TestDatabase;
let pool: Pool;
let slack: SlackReceiver;
let child: ChildProcess | undefined;
let successor: RunningService | undefined;

const env = (extra: Record<string, string> = {}) =>
  notifierEnv(db.url, {
    SLACK_WEBHOOK_URL_ONCALL: slack.webhookUrl('oncall'),
    NOTIFIER_SEND_TIMEOUT_MS: '1000',
    NOTIFIER_LEASE_MS: String(leaseMs),
    ...extra,
  });

beforeAll(async () => {
  db = await createTestDatabase('notifier_crash');
  pool = createPool({ connectionString: db.url, applicationName: 'notifier-crash-test', max: 2 });
  pool.on('error', () => undefined);
  slack = await startSlackReceiver();
});
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await successor?.stop();
  await slack?.close();
  await pool?.end();
  await db?.drop();
});

describe('crash: a notifier killed mid-send', () => {
  it('leaves its claims to the next process after the lease, and each notification arrives once', async () => {
    slack.setMode({ kind: 'hang' });
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'notifier/main.ts'], {
      cwd: root,
      env: { ...process.env, ...env({ NOTIFIER_PORT: String(port) }) } as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      () =>
        fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      'the notifier process to be ready',
      20_000,
      100,
    );
    for (let i = 0; i < 3; i++) {
      const payload = webhookPayload({
        groupKey: `{}:{alertname="Crash${i}"}`,
        commonLabels: { alertname: `Crash${i}` },
      });
      payload.alerts[0]!.labels.alertname = `Crash${i}`;
      payload.alerts[0]!.fingerprint = `crash${i}`;
      const res = await fetch(`${url}/alertmanager/oncall`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(testTokens.alertmanager) },
        body: JSON.stringify(payload),
      });
      expect(res.status).toBe(202);
    }
    await waitFor(() => slack.requests.length > 0, 'a send in flight', 5000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const killedAt = Date.now();
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM notifier_deliveries WHERE leased_until > now()`,
    );
    expect(rows[0].n).toBeGreaterThan(0); // the dead process still holds claims

    slack.setMode({ kind: 'ok' });
    successor = await startNotifier(env());
    await slack.waitForMessages(3, leaseMs + 10_000);
    const waited = Date.now() - killedAt;
    console.error(`crash: all 3 delivered ${waited} ms after SIGKILL (lease ${leaseMs} ms)`);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.messages.map((m) => m.text).sort()).toEqual(
      ['Crash0', 'Crash1', 'Crash2'].map((n) => `🔴 [FIRING:1] ${n} (api)`),
    );
    // Not before the lease ran out: until then the claims were the dead process's.
    expect(waited).toBeGreaterThanOrEqual(leaseMs - 2000);
  }, 45_000);
});
