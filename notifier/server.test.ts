import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../lib/db/pool.ts';
import type { RunningService } from '../lib/service.ts';
import { createTestDatabase, type TestDatabase } from '../lib/testing/database.ts';
import { type SlackReceiver, startSlackReceiver } from '../lib/testing/slack-receiver.ts';
import { type SmtpSink, startSmtpSink } from '../lib/testing/smtp-sink.ts';
import { waitFor } from '../lib/testing/wait.ts';
import { startNotifier } from './server.ts';
import { notifierEnv, testTokens } from './testing/env.ts';
import { bearer, namedAlert, webhookPayload } from './testing/fixtures.ts';
import { metricValue } from './testing/metrics.ts';
import { type SeededPort, seedPort } from './testing/port-data.ts';

let db: TestDatabase;
let pool: Pool;
let slack: SlackReceiver;
let smtp: SmtpSink;
let notifier: RunningService;
let port: SeededPort;

beforeAll(async () => {
  db = await createTestDatabase('notifier_server');
  pool = createPool({ connectionString: db.url, applicationName: 'notifier-server-test', max: 2 });
  // Dropping the database ends connections pool.end() let go of but has not closed yet.
  pool.on('error', () => undefined);
  port = await seedPort(pool);
  [slack, smtp] = await Promise.all([startSlackReceiver(), startSmtpSink()]);
  notifier = await startNotifier(
    notifierEnv(db.url, {
      SLACK_WEBHOOK_URL_ONCALL: slack.webhookUrl('oncall'),
      SLACK_WEBHOOK_URL_PLATFORM: slack.webhookUrl('platform'),
      SMTP_URL: smtp.url,
      EMAIL_TO_ONCALL: 'oncall@port.test',
      EMAIL_TO_PLATFORM: 'platform@port.test',
      EMAIL_TO_PORT_MANAGERS: 'managers@port.test',
      // Every second: the test sees the real schedule fire; the outbox keeps one digest per minute.
      DIGEST_CRON: '* * * * * *',
      // Wide enough that the spacing test tells throttled from unthrottled under load.
      NOTIFIER_SLACK_INTERVAL_MS: '400',
      NOTIFIER_DEADMAN_TIMEOUT_MS: '1000',
      NOTIFIER_DEADMAN_CHECK_MS: '100',
      // Short enough for the statement-timeout test to wait for, long enough for a busy machine.
      NOTIFIER_STATEMENT_TIMEOUT_MS: '3000',
    }),
  );
});
afterAll(async () => {
  await notifier?.stop();
  await Promise.all([slack?.close(), smtp?.close()]);
  await pool?.end();
  await db?.drop();
});

/** Each endpoint's own caller token (caller-tokens.ts). */
const tokenFor = (path: string) =>
  path.startsWith('/alertmanager/')
    ? testTokens.alertmanager
    : path.startsWith('/deployments')
      ? testTokens.deploy
      : testTokens.operator;
const post = (path: string, body: unknown, headers: Record<string, string> = bearer(tokenFor(path))) =>
  fetch(`${notifier.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
/** The error answers' shape: `{error, issues?}`; dead letters: `{count, items}`. */
interface ErrorBody {
  error: string;
  issues?: string[];
}
const errorOf = async (res: Response) => (await res.json()) as ErrorBody;
const get = (path: string) => fetch(`${notifier.url}${path}`, { headers: bearer(tokenFor(path)) });
const slackTo = (name: string) => slack.messages.filter((m) => m.path === `/services/${name}`);
const mailsTo = (address: string) => smtp.mails.filter((m) => m.envelope.to.includes(address));

/** A distinct alert group per test so their deliveries can be told apart. */
const alert = namedAlert;

describe('authentication and validation', () => {
  it('answers 401 without the bearer token or with a wrong one, and stores nothing', async () => {
    const none = await post('/alertmanager/oncall', webhookPayload(), {});
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: 'missing bearer token' });
    const wrong = await post('/alertmanager/oncall', webhookPayload(), bearer('not-the-token'));
    expect(wrong.status).toBe(401);
    expect(
      (await post('/deployments', { service: 'api', version: '1', status: 'succeeded' }, {})).status,
    ).toBe(401);
    expect((await fetch(`${notifier.url}/dead-letters`)).status).toBe(401);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM notifier_notifications WHERE kind = 'alert'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers before reading the body of a request without a valid token', async () => {
    // Headers promise 2 MB that never come: a server that parsed first would wait for them.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${notifier.url}/alertmanager/oncall`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.setTimeout(3000, () => reject(new Error('no answer before the body: it waited to parse it')));
      req.flushHeaders();
    });
    expect(status).toBe(401);
  });

  it("lets each caller's token open only its own endpoints", async () => {
    const deploy = { service: 'api', version: 'auth-check', status: 'started' };
    const refused = [
      await post('/deployments', deploy, bearer(testTokens.alertmanager)),
      await post('/deployments', deploy, bearer(testTokens.operator)),
      await post('/alertmanager/oncall', webhookPayload(), bearer(testTokens.deploy)),
      await post('/alertmanager/oncall', webhookPayload(), bearer(testTokens.operator)),
      await fetch(`${notifier.url}/dead-letters`, { headers: bearer(testTokens.deploy) }),
      await fetch(`${notifier.url}/digest/preview`, { headers: bearer(testTokens.alertmanager) }),
      await post('/dead-letters/1/retry', {}, bearer(testTokens.deploy)),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(await errorOf(refused[0]!)).toEqual({
      error: 'the alertmanager token is not allowed here: this endpoint takes the deploy token',
    });
    expect((await get('/dead-letters')).status).toBe(200);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM notifier_notifications WHERE payload->>'version' = 'auth-check'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('bounds a deploy notice: 413 over 8 KB, 400 for a field it does not take', async () => {
    const big = await post('/deployments', {
      service: 'api',
      version: '1',
      status: 'started',
      x: 'a'.repeat(9000),
    });
    expect(big.status).toBe(413);
    expect(await errorOf(big)).toEqual({ error: 'body too large: this endpoint takes at most 8192 bytes' });
    const extra = await post('/deployments', {
      service: 'api',
      version: '1',
      status: 'started',
      channel: '#all',
    });
    expect(extra.status).toBe(400);
    expect((await errorOf(extra)).issues).toEqual([expect.stringMatching(/channel/)]);
  });

  it('answers 400 with the reasons for an invalid payload', async () => {
    const res = await post('/alertmanager/oncall', { ...webhookPayload(), version: '3', alerts: [] });
    expect(res.status).toBe(400);
    const body = await errorOf(res);
    expect(body.error).toBe('invalid Alertmanager webhook payload');
    expect(body.issues).toEqual(
      expect.arrayContaining([expect.stringMatching(/^version:/), 'alerts: alerts must not be empty']),
    );
    const notJson = await post('/alertmanager/oncall', '{"version":');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'body is not valid JSON' });
    const mismatch = await post('/alertmanager/platform', webhookPayload());
    expect(mismatch.status).toBe(400);
    expect((await errorOf(mismatch)).error).toMatch(
      /for receiver "oncall" but was posted to \/alertmanager\/platform/,
    );
    expect((await post('/alertmanager/nobody', webhookPayload())).status).toBe(404);
    expect(await metricValue(notifier.url, 'porttrack_notifier_received_total', { receiver: 'oncall' })).toBe(
      0,
    );
  });
});

describe('delivery', () => {
  it('delivers a notification once per channel, however often it is posted', async () => {
    const payload = alert('DuplicateCheck');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post('/alertmanager/oncall', payload)).status);
    expect(statuses).toEqual([202, 200, 200]);
    await waitFor(() => slackTo('oncall').some((m) => m.text?.includes('DuplicateCheck')), 'Slack message');
    await waitFor(
      () => mailsTo('oncall@port.test').some((m) => m.parsed.subject?.includes('DuplicateCheck')),
      'email',
    );
    await new Promise((r) => setTimeout(r, 300)); // a second delivery would have arrived by now
    expect(slackTo('oncall').filter((m) => m.text?.includes('DuplicateCheck'))).toHaveLength(1);
    expect(
      mailsTo('oncall@port.test').filter((m) => m.parsed.subject === '[FIRING:1] DuplicateCheck (api)'),
    ).toHaveLength(1);
    expect(await metricValue(notifier.url, 'porttrack_notifier_received_total', { receiver: 'oncall' })).toBe(
      3,
    );
  });

  it('waits as long as a 429 Retry-After says before posting to that webhook again', async () => {
    slack.queue({ kind: 'rate-limited', retryAfterSeconds: 1 });
    const before = slack.requests.length;
    expect((await post('/alertmanager/oncall', alert('RateLimited'))).status).toBe(202);
    await waitFor(
      () => slackTo('oncall').some((m) => m.text?.includes('RateLimited')),
      'Slack message after 429',
      5000,
    );
    const [limited, accepted] = slack.requests.slice(before);
    expect(limited!.status).toBe(429);
    expect(accepted!.status).toBe(200);
    const gap = accepted!.at - limited!.at;
    console.error(`429 Retry-After 1 s: next attempt after ${gap} ms`);
    expect(gap).toBeGreaterThanOrEqual(1000);
    expect(
      await metricValue(notifier.url, 'porttrack_notifier_retried_total', { channel: 'slack' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('keeps delivering to Slack while the SMTP relay hangs', async () => {
    smtp.stall(true);
    try {
      const failedBefore = await metricValue(notifier.url, 'porttrack_notifier_failed_total', {
        channel: 'email',
      });
      expect((await post('/alertmanager/oncall', alert('RelayHangsA'))).status).toBe(202);
      await waitFor(() => slackTo('oncall').some((m) => m.text?.includes('RelayHangsA')), 'Slack for A');
      expect((await post('/alertmanager/oncall', alert('RelayHangsB'))).status).toBe(202);
      await waitFor(() => slackTo('oncall').some((m) => m.text?.includes('RelayHangsB')), 'Slack for B');
      // A's email is still waiting for the relay's answer (5 s timeout): Slack did not wait for it.
      expect(await metricValue(notifier.url, 'porttrack_notifier_failed_total', { channel: 'email' })).toBe(
        failedBefore,
      );
      expect(mailsTo('oncall@port.test').some((m) => m.parsed.subject?.includes('RelayHangs'))).toBe(false);
    } finally {
      smtp.stall(false);
    }
    await waitFor(
      () => mailsTo('oncall@port.test').filter((m) => m.parsed.subject?.includes('RelayHangs')).length === 2,
      'both emails once the relay answers',
      8000,
    );
  });

  it('spaces messages to one Slack webhook by the configured interval (400 ms here)', async () => {
    const names = Array.from({ length: 4 }, (_, i) => `Spaced${i}`);
    await Promise.all(
      names.map((name) => post('/alertmanager/platform', { ...alert(name), receiver: 'platform' })),
    );
    const arrived = await waitFor(() => {
      const got = slackTo('platform').filter((m) => m.text?.includes('Spaced'));
      return got.length === names.length && got;
    }, 'four Slack messages');
    const span = arrived.at(-1)!.at - arrived[0]!.at;
    console.error(`4 messages to one webhook at a 400 ms interval arrived over ${span} ms`);
    // Four slots 400 ms apart: the last is sent at least 1200 ms after the first slot (the first
    // may itself be late under load). Unthrottled (interval 0) they arrived over 74-769 ms here.
    expect(span).toBeGreaterThanOrEqual(1000);
  });

  it('dead-letters a 4xx with its reason, visible in metrics and at /dead-letters', async () => {
    slack.queue({ kind: 'error', status: 403, body: 'action_prohibited' });
    expect((await post('/alertmanager/oncall', alert('Forbidden'))).status).toBe(202);
    const dead = await waitFor(async () => {
      const body = (await (await get('/dead-letters')).json()) as { count: number; items: unknown[] };
      return body.count > 0 && body.items;
    }, 'a dead letter');
    expect(dead[0]).toMatchObject({
      channel: 'slack',
      receiver: 'oncall',
      kind: 'alert',
      attempts: 1,
      reason: 'Slack answered 403: action_prohibited',
    });
    expect(
      await metricValue(notifier.url, 'porttrack_notifier_dead_lettered_total', { channel: 'slack' }),
    ).toBe(1);
    // The other channel is independent: the email still goes out.
    await waitFor(
      () => mailsTo('oncall@port.test').some((m) => m.parsed.subject?.includes('Forbidden')),
      'email',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(slackTo('oncall').filter((m) => m.text?.includes('Forbidden'))).toHaveLength(0);

    // Once the webhook is fixed, an operator sends it again.
    const retry = await post(`/dead-letters/${(dead[0] as { id: number }).id}/retry`, {});
    expect(retry.status).toBe(202);
    await waitFor(() => slackTo('oncall').some((m) => m.text?.includes('Forbidden')), 'the requeued message');
    expect(((await (await get('/dead-letters')).json()) as { count: number }).count).toBe(0);
    expect((await post(`/dead-letters/${(dead[0] as { id: number }).id}/retry`, {})).status).toBe(404);
  });

  it('reports queue depth, oldest pending age and delivery latency', async () => {
    const slackGauge = (name: string) => metricValue(notifier.url, name, { channel: 'slack' });
    slack.setMode({ kind: 'error', status: 500, body: 'internal_error' });
    expect((await post('/alertmanager/oncall', alert('Backlog'))).status).toBe(202);
    await waitFor(
      async () => (await slackGauge('porttrack_notifier_queue_depth')) === 1,
      'one pending',
      3000,
    );
    await waitFor(
      async () => (await slackGauge('porttrack_notifier_oldest_pending_age_seconds')) >= 0.3,
      'the pending delivery to age',
      3000,
    );
    slack.setMode({ kind: 'ok' });
    await waitFor(
      () => slackTo('oncall').some((m) => m.text?.includes('Backlog')),
      'the backlog to drain',
      5000,
    );
    await waitFor(
      async () => (await slackGauge('porttrack_notifier_queue_depth')) === 0,
      'an empty queue',
      3000,
    );
    expect(await slackGauge('porttrack_notifier_oldest_pending_age_seconds')).toBe(0);
    const delivered = await metricValue(notifier.url, 'porttrack_notifier_delivered_total', {
      channel: 'slack',
    });
    expect(
      await metricValue(notifier.url, 'porttrack_notifier_delivery_duration_seconds_count', {
        channel: 'slack',
      }),
    ).toBe(delivered);
    expect(delivered).toBe(slack.messages.length);
  });
});

describe('persist before 2xx', () => {
  it('answers 503 when the notification cannot be stored, so Alertmanager retries, and accepts it once it can', async () => {
    const payload = alert('StoreDown');
    const receivedBefore = await metricValue(notifier.url, 'porttrack_notifier_received_total', {
      receiver: 'oncall',
    });
    await pool.query('ALTER TABLE notifier_notifications RENAME TO notifier_notifications_away');
    let res: Response;
    try {
      res = await post('/alertmanager/oncall', payload);
    } finally {
      await pool.query('ALTER TABLE notifier_notifications_away RENAME TO notifier_notifications');
    }
    expect(res.status).toBe(503);
    expect((await errorOf(res)).error).toMatch(/^notification not stored, retry later: /);
    expect(await metricValue(notifier.url, 'porttrack_notifier_received_total', { receiver: 'oncall' })).toBe(
      receivedBefore,
    );
    expect((await post('/alertmanager/oncall', payload)).status).toBe(202);
    await waitFor(
      () => slackTo('oncall').some((m) => m.text?.includes('StoreDown')),
      'the retried notification',
    );
  });
});

describe('deployments', () => {
  it('posts to Slack and email and updates the deployment metrics, once per deploy', async () => {
    const deploy = {
      service: 'api',
      version: '1.4.2',
      status: 'success',
      url: 'https://ci.test/runs/42',
      id: 'run-42',
    };
    expect((await post('/deployments', deploy)).status).toBe(202);
    expect((await post('/deployments', deploy)).status).toBe(200);
    const message = (await waitFor(
      () => slackTo('platform').find((m) => m.text?.includes('1.4.2')),
      'deploy message',
    ))!;
    expect(message.text).toBe('🚀 [DEPLOY:SUCCEEDED] api 1.4.2');
    expect(JSON.stringify(message.blocks)).toContain('https://ci.test/runs/42');
    await waitFor(
      () => mailsTo('platform@port.test').some((m) => m.parsed.subject === '[DEPLOY:SUCCEEDED] api 1.4.2'),
      'deploy email',
    );
    const labels = { service: 'api', status: 'succeeded' };
    expect(await metricValue(notifier.url, 'porttrack_deployments_total', labels)).toBe(1);
    const last = await metricValue(notifier.url, 'porttrack_deployment_last_timestamp_seconds', labels);
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(30);
    const bad = await post('/deployments', { service: 'API!', version: '', status: 'exploded' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).issues).toHaveLength(3);
  });
});

describe('database', () => {
  it('gives up a statement after NOTIFIER_STATEMENT_TIMEOUT_MS instead of holding a connection', async () => {
    // A transaction of the test's own holds a lock the digest's berth query waits for, server side.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE berths IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const res = await get('/digest/preview');
      expect(res.status).toBe(503);
      expect((await errorOf(res)).error).toMatch(/statement timeout/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe("dead man's switch", () => {
  it('records Watchdog heartbeats without delivering them, and tells on-call once when they stop', async () => {
    const watchdog = webhookPayload({
      receiver: 'deadman',
      groupKey: '{}/{alertname="Watchdog"}',
      commonLabels: {},
    });
    watchdog.alerts[0]!.labels = { alertname: 'Watchdog', severity: 'none' };
    const before = slack.messages.length;
    const res = await post('/alertmanager/deadman', watchdog);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'heartbeat recorded' });
    const seen = await metricValue(notifier.url, 'porttrack_notifier_deadman_last_seen_timestamp_seconds');
    expect(Math.abs(seen - Date.now() / 1000)).toBeLessThan(5);
    const message = await waitFor(
      () => slack.messages.slice(before).find((m) => m.text?.includes('DeadMansSwitch')),
      "the dead man's switch notification",
      5000,
    );
    expect(message.path).toBe('/services/oncall');
    expect(message.text).toBe('🔴 [FIRING:1] DeadMansSwitch (alerting)');
    await new Promise((r) => setTimeout(r, 500)); // several more checks run: still one notification
    expect(slack.messages.slice(before).filter((m) => m.text?.includes('DeadMansSwitch'))).toHaveLength(1);
    expect(slack.messages.slice(before).some((m) => m.text?.includes('Watchdog'))).toBe(false);
  });
});

describe('daily digest', () => {
  it('previews the last 24 hours in HTML and text', async () => {
    const text = await (await get('/digest/preview?format=text')).text();
    expect(text).toContain(`Arrivals: ${port.arrivals}`);
    expect(text).toContain(`Departures: ${port.departures}`);
    expect(text).toContain(`containers | unload | ${port.containersUnloadedTeu} teu`);
    expect(text).toContain(`dry_bulk | load | ${port.dryBulkLoadedTonnes.toLocaleString('en-GB')} tonnes`);
    expect(text).toContain(`Berth occupancy (24 h): ${(port.occupancy * 100).toFixed(1)} %`);
    expect(text).toContain('Morning');
    expect(text).toMatch(/pilot \| 1 \/ 3/);
    expect(text).toMatch(/ApiHighErrorRate|DuplicateCheck/);
    const html = await get('/digest/preview');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<td>containers</td><td>unload</td><td>450 teu</td>');
  });

  it('emails it to the port managers on schedule, once', async () => {
    const [mail] = await waitFor(
      () => {
        const digests = mailsTo('managers@port.test').filter((m) => m.parsed.subject?.startsWith('[DIGEST]'));
        return digests.length > 0 && digests;
      },
      'the scheduled digest',
      5000,
    );
    expect(mail!.parsed.text).toContain(`Arrivals: ${port.arrivals}`);
    expect(String(mail!.parsed.html)).toContain('Staffing gaps');
  });
});
