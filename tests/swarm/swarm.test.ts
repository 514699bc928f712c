// `npm run test:swarm`: the stack deployed for real on this machine's Docker Swarm with
// stack/scripts/deploy.sh, then checked through nginx over HTTPS as a client would.
// Figures go to test-results/swarm.json (`npm run bench -- swarm` keeps them in bench/results).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVessel } from '../../lib/domain/synthetic-vessel.ts';
import { waitFor } from '../../lib/testing/wait.ts';
import { type DockerHost, docker, ensureDockerSwarm, run } from '../../local-swarm/docker-host.ts';
import { deploymentValues, templatesUntouched, valuesProblems } from '../../local-swarm/deployment-values.ts';
import { deployedHardening } from './hardening.ts';
import { EdgeClient } from './edge-client.ts';
import { VesselWriter, imoFrom } from './vessel-writer.ts';
import { buildImages, type ImageFigure } from '../../local-swarm/images.ts';
import { backupEverySeconds, omittedServices, TestStack } from '../../local-swarm/test-stack.ts';

const execFileAsync = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../..');
const resultsFile = process.env.SWARM_RESULTS_FILE ?? join(repoRoot, 'test-results/swarm.json');
const version = `swarm-${Date.now().toString(36)}`;
const workDir = mkdtempSync(join(tmpdir(), 'porttrack-swarm-'));
const log = (line: string) => console.log(`[swarm ${new Date().toISOString().slice(11, 19)}] ${line}`);

const results: {
  startedAt: string;
  machine: Record<string, unknown>;
  images: ImageFigure[];
  standins: Array<{ image: string; sizeBytes: number }>;
  standinBuildSeconds?: number;
  deploy?: { exitCode: number; convergenceSeconds: number };
  nginxUpdateGapSeconds?: number;
  restore?: { drillSeconds: number; restoreSeconds: number };
  pitrRestore?: { drillSeconds: number; restoreSeconds: number; replaySeconds: number };
  /** The restore to a moment: vessels acknowledged before it, after it, and in flight across it. */
  momentRestore?: { before: number; after: number; inFlight: number; drillSeconds: number };
  backup?: { everySeconds: number; walArchived: number; walFailedBeforeCheck: number };
  standby?: { replayedMs: number };
  promotion?: {
    acknowledged: number;
    lost: number;
    writeGapSeconds: number;
    /** Where that longest gap lay: seconds after the loss at its start and end. */
    writeGapAfterLoss: [number, number];
    secondsToWritesBack: number;
    /** From promote-standby.sh's start until it returned, every service's update completed. */
    secondsToServicesUpdated: number;
  };
  omitted: { services: string[]; why: string };
  checks: Record<string, { passed: boolean; detail?: string }>;
  notes: string[];
} = {
  startedAt: new Date().toISOString(),
  machine: { cores: (await import('node:os')).cpus().length, node: process.version },
  images: [],
  standins: [],
  omitted: {
    services: omittedServices,
    why: 'no Debian package and no reachable registry for Grafana, Loki, Promtail or cAdvisor: deploy.sh leaves them out (PORTTRACK_OMIT_SERVICES); their configuration is checked by the unit suite',
  },
  checks: {},
  notes: [],
};

let host: DockerHost | undefined;
let stack: TestStack;
let edge: EdgeClient;

/** Runs a check and records its outcome in the results file, whatever happens. */
function check(name: string, body: () => Promise<string | void> | string | void, timeout = 120_000) {
  it(
    name,
    async () => {
      try {
        const detail = await body();
        results.checks[name] = { passed: true, ...(detail ? { detail } : {}) };
      } catch (err) {
        results.checks[name] = { passed: false, detail: (err as Error).message.slice(0, 500) };
        throw err;
      }
    },
    timeout,
  );
}

/** A Prometheus instant query through nginx, with the monitoring login. */
async function promQuery(q: string) {
  const res = await stack.https(`/prometheus/api/v1/query?query=${encodeURIComponent(q)}`, {
    headers: stack.monitoringAuth(),
  });
  return res.json<{ data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }>()
    .data.result;
}

/**
 * The streaming standby is a read-only copy fed through its slot: a row written on the primary is
 * read on the standby, and a write there is refused. Returns how long the row took to arrive.
 */
async function expectStandbyReplays(): Promise<number> {
  // In the `postgres` database: the restore drills count every table of porttrack.
  const primary = (sql: string) => stack.psql(sql, { database: 'postgres' });
  const standby = (sql: string) => stack.psql(sql, { service: 'postgres-standby', database: 'postgres' });
  expect(standby('SELECT pg_is_in_recovery()')).toBe('t');
  expect(primary("SELECT state FROM pg_stat_replication WHERE application_name = 'standby'")).toBe(
    'streaming',
  );
  expect(primary("SELECT active FROM pg_replication_slots WHERE slot_name = 'standby'")).toBe('t');
  const marker = `swarm-${Date.now()}`;
  primary('CREATE TABLE IF NOT EXISTS standby_probe (marker text PRIMARY KEY)');
  const written = Date.now();
  primary(`INSERT INTO standby_probe VALUES ('${marker}')`);
  // Until the standby has replayed the CREATE TABLE, the table does not exist there: not yet, not
  // a failure (a standby copied just now, after a restore, was read before it in a run of 13:09).
  const arrived = () => {
    try {
      return standby(`SELECT count(*) FROM standby_probe WHERE marker = '${marker}'`) === '1' || undefined;
    } catch (err) {
      if ((err as Error).message.includes('relation "standby_probe" does not exist')) return undefined;
      throw err;
    }
  };
  await waitFor(arrived, 'the row written on the primary, on the standby', 30_000, 100);
  const replayedMs = Date.now() - written;
  const refused = stack.exec('postgres-standby', [
    'psql',
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-Atc',
    `INSERT INTO standby_probe VALUES ('${marker}-2')`,
  ]);
  expect(refused.output).toContain('read-only transaction');
  primary('DROP TABLE standby_probe');
  return replayedMs;
}

/**
 * A WAL segment closed on the primary (`service`) is archived by pgBackRest, with no new
 * archiving failure on the way (pg_stat_archiver).
 */
async function expectWalArchived(service = 'postgres') {
  const psql = (sql: string) => stack.psql(sql, { service });
  const archiver = () =>
    psql('SELECT archived_count, failed_count FROM pg_stat_archiver').split('|').map(Number);
  const [archivedBefore = 0, failedBefore = 0] = archiver();
  psql('CHECKPOINT');
  const segment = psql('SELECT pg_walfile_name(pg_switch_wal())');
  await waitFor(
    () => psql("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") >= segment || undefined,
    `WAL segment ${segment} archived`,
    90_000,
    1000,
  );
  const [archivedAfter = 0, failedAfter = 0] = archiver();
  expect({ grew: archivedAfter > archivedBefore, newFailures: failedAfter - failedBefore }).toEqual({
    grew: true,
    newFailures: 0,
  });
  return { segment, archivedBefore, archivedAfter, failedBefore, failedAfter };
}

/**
 * rebuild-standby.sh of the copied stack: the standby copies the primary into a new volume and
 * streams again (expectStandbyReplays). Returns the script's seconds and the replay time.
 */
async function rebuildStandby() {
  const out = run(
    'bash',
    [join(stack.stackDir, 'scripts', 'rebuild-standby.sh'), '--yes-discard-the-standby'],
    {
      env: { ...process.env, PORTTRACK_STACK: stack.name },
    },
  );
  const seconds = /streaming again in (\d+) s/.exec(out);
  expect(seconds, out).not.toBeNull();
  return { seconds: Number(seconds![1]), replayedMs: await expectStandbyReplays() };
}

/** Runs a restore drill script of the copied stack (it destroys the database volume). */
async function restoreDrill(script: string, env: NodeJS.ProcessEnv = {}, args: string[] = []) {
  // A drill before this one brought the database back: the API may still be reconnecting.
  await waitFor(
    async () => (await stack.https('/readyz').catch(() => undefined))?.status === 200,
    'the API ready before the drill',
    120_000,
    1000,
  );
  const admin = await login('admin@porttrack.example', stack.secret('api_admin_password'));
  const url = `${stack.publicUrl}/api/v1/vessels?q=SWARM&limit=5`;
  // The vessel the ingest check created must be served again once the database is back.
  const serves = `curl -fsS --max-time 5 --cacert ${join(stack.tlsDir, 'fullchain.pem')} -H @- '${url}' <<<'Authorization: ${admin.authorization}' | grep -q 'SWARM TEST'`;
  return run(
    'bash',
    [join(stack.stackDir, 'scripts', script), '--yes-destroy-the-database', '--check', serves, ...args],
    { env: { ...process.env, PORTTRACK_STACK: stack.name, ...env } },
  );
}

async function login(email: string, password: string) {
  const res = await stack.https('/api/v1/auth/login', { method: 'POST', body: { email, password } });
  expect(res.status, res.text).toBe(200);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}

beforeAll(async () => {
  host = await ensureDockerSwarm(log);
  results.notes.push(...host.notes);
  const built = buildImages(repoRoot, workDir, version, log);
  results.images = built.figures;
  results.standins = built.standins;
  results.standinBuildSeconds = built.standinSeconds;
  stack = new TestStack(repoRoot, workDir, built.standinEnv);
  await stack.remove(() => {}); // leftovers of an aborted run
  log(stack.prepare().split('\n').length + ' secret lines from create-secrets.sh');
}, 40 * 60_000);

afterAll(async () => {
  try {
    // SWARM_TEST_KEEP_STACK=1 leaves the stack up for a person to inspect (remove it by hand).
    if (stack && process.env.SWARM_TEST_KEEP_STACK !== '1') await stack.remove(log);
  } finally {
    await host?.release();
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    log(`figures written to ${resultsFile}`);
  }
}, 5 * 60_000);

describe('the stack deployed on a single-node Swarm', () => {
  check(
    'deploy.sh deploys it, converges and passes its post-deploy gate',
    async () => {
      const deploy = await stack.deploy(version, log);
      results.deploy = { exitCode: deploy.code, convergenceSeconds: Number(deploy.seconds.toFixed(1)) };
      expect(deploy.output).toContain('gate: smoke journey: ok');
      expect(deploy.output).toContain('gate: prometheus targets: ok');
      expect(deploy.output).toContain('gate: rule groups: ok');
      expect(deploy.code, deploy.output.slice(-2000)).toBe(0);
      stack.startSinks(version);
      return `exit 0 after ${deploy.seconds.toFixed(1)} s`;
    },
    15 * 60_000,
  );

  check('every replica converged and every container with a healthcheck is healthy', () => {
    const services = docker('stack', 'services', stack.name, '--format', '{{.Name}} {{.Replicas}}').split(
      '\n',
    );
    // The blue-green colours run 0 replicas while the stack uses rolling updates, and prometheus-b
    // while deploy.sh deploys the single layout (one node: runbooks/SCALING.md).
    const standby = (line: string) => / ?[\w-]+_(api-blue|api-green|prometheus-b) /.test(`${line} `);
    const notConverged = services.filter((line) => {
      const [running, desired] = (line.split(' ')[1] ?? '').split('/');
      return running !== desired || (desired === '0' && !standby(line));
    });
    expect(notConverged).toEqual([]);
    const ids = docker('ps', '-q', '--filter', `label=com.docker.stack.namespace=${stack.name}`).split('\n');
    const health = ids.map((id) =>
      docker(
        'inspect',
        id,
        '--format',
        '{{index .Config.Labels "com.docker.swarm.service.name"}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}',
      ),
    );
    expect(health.filter((h) => !h.endsWith(' healthy'))).toEqual([]);
    return `${services.length} services, ${ids.length} containers healthy`;
  });

  check('every container runs read-only, with all capabilities dropped but its own few', () => {
    const { problems, summary } = deployedHardening(stack.name);
    expect(problems).toEqual([]);
    return summary;
  });

  check(
    "the streaming standby replays the primary's writes through its slot, and Prometheus sees it",
    async () => {
      const replayedMs = await expectStandbyReplays();
      const seen = await waitFor(
        async () => {
          const slot = await promQuery('pg_replication_slots_active{slot_name="standby"}');
          const lag = await promQuery('pg_stat_replication_pg_wal_lsn_diff{application_name="standby"}');
          return slot[0]?.value[1] === '1' && lag.length > 0 ? lag[0]!.value[1] : undefined;
        },
        "the slot active and the standby's lag in Prometheus (postgres-exporter)",
        120_000,
        5000,
      );
      const alerts = await promQuery(
        'ALERTS{alertname=~"PostgresStandbyMissing|PostgresReplicationLagHigh"}',
      );
      expect(alerts.map((a) => a.metric.alertname)).toEqual([]);
      results.standby = { replayedMs };
      return `streaming from slot standby; a write on the primary read on the standby after ${replayedMs} ms; writes refused there; Prometheus: slot active, lag ${seen} B`;
    },
    4 * 60_000,
  );

  check('port 80 redirects to HTTPS, except the ACME challenge', async () => {
    const out = run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{redirect_url}',
      `http://127.0.0.1:${stack.httpPort}/api/v1/vessels`,
    ]);
    expect(out).toMatch(/^301 https:\/\/127\.0\.0\.1\/api\/v1\/vessels$/);
    const acme = run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      `http://127.0.0.1:${stack.httpPort}/.well-known/acme-challenge/missing`,
    ]);
    expect(acme).toBe('404');
    const res = await stack.https('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    return 'http 301 -> https; challenge path served from the webroot (404 for a missing token); HSTS set';
  });

  check('TLS 1.2 and 1.3 are accepted; TLS 1.0 and 1.1 are refused even by a permissive client', () => {
    const handshake = (flag: string) => {
      try {
        // SECLEVEL=0 lets OpenSSL 3 offer the old protocols: a refusal is then nginx's. A
        // completed handshake prints "New, TLSv1.x, Cipher is X"; a refused one "New, (NONE)".
        const ciphers = flag === '-tls1_3' ? '' : `-cipher 'DEFAULT@SECLEVEL=0'`;
        run('bash', [
          '-c',
          `openssl s_client -connect 127.0.0.1:${stack.httpsPort} ${flag} ${ciphers} </dev/null 2>&1 | grep -q '^New, TLSv1'`,
        ]);
        return true;
      } catch {
        return false;
      }
    };
    const accepted = Object.fromEntries(
      ['-tls1', '-tls1_1', '-tls1_2', '-tls1_3'].map((f) => [f, handshake(f)]),
    );
    expect(accepted).toEqual({ '-tls1': false, '-tls1_1': false, '-tls1_2': true, '-tls1_3': true });
    return JSON.stringify(accepted);
  });

  check('the smoke journey, a login, a read and an ingest work through nginx over HTTPS', async () => {
    const admin = await login('admin@porttrack.example', stack.secret('api_admin_password'));
    const mmsi = String(200_000_000 + Math.floor(Math.random() * 99_999_999));
    const created = await stack.https('/api/v1/vessels', {
      method: 'POST',
      headers: admin,
      body: {
        mmsi,
        imo: imoFrom(mmsi.slice(0, 6)),
        name: 'SWARM TEST',
        type: 'bulk',
        flag: 'ES',
        gross_tonnage: 9000,
        length_m: 120,
      },
    });
    expect(created.status, created.text).toBe(201);
    const probe = await login('probe@porttrack.example', stack.secret('probe_password'));
    const list = await stack.https('/api/v1/vessels?limit=5', { headers: probe });
    expect(list.status).toBe(200);
    const report = (vessel: string) => [
      { mmsi: vessel, ts: new Date().toISOString(), lat: 36.13, lon: -5.35, sog: 8.5, cog: 90, heading: 90 },
    ];
    const post = (headers: Record<string, string>, vessel: string) =>
      stack.https('/api/v1/positions', { method: 'POST', headers, body: report(vessel) });
    // The probe role moves only the reserved synthetic vessel; a real one is the operators'.
    const refused = await post(probe, mmsi);
    expect(refused.status, refused.text).toBe(403);
    const synthetic = await post(probe, syntheticVessel.mmsi);
    expect([200, 201, 202], synthetic.text).toContain(synthetic.status);
    const ingest = await post(admin, mmsi);
    expect([200, 201, 202], ingest.text).toContain(ingest.status);
    const stored = await waitFor(
      () => stack.psql(`SELECT count(*) FROM positions WHERE mmsi = '${mmsi}'`) === '1',
      'the ingested position in PostgreSQL',
      15_000,
      500,
    );
    expect(stored).toBe(true);
    return `vessel ${mmsi} created and ingested by the admin, stored; the probe account lists vessels and moves only the synthetic vessel`;
  });

  check('every Prometheus target of a running service is up and every rule evaluates', async () => {
    const targets = await stack.https('/prometheus/api/v1/targets?state=active', {
      headers: stack.monitoringAuth(),
    });
    const active = targets.json<{
      data: { activeTargets: Array<{ labels: { job: string }; health: string }> };
    }>().data.activeTargets;
    expect(active.filter((t) => t.health !== 'up').map((t) => t.labels.job)).toEqual([]);
    const jobs = [...new Set(active.map((t) => t.labels.job))].sort();
    const rules = await stack.https('/prometheus/api/v1/rules', { headers: stack.monitoringAuth() });
    const groups = rules.json<{
      data: { groups: Array<{ name: string; rules: Array<{ health: string; name: string }> }> };
    }>().data.groups;
    const bad = groups.flatMap((g) =>
      g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}`),
    );
    expect(bad).toEqual([]);
    return `${active.length} targets up (${jobs.join(', ')}); ${groups.length} groups evaluating`;
  });

  check('the blackbox exporter probes the public endpoint and reads its certificate', async () => {
    const query = promQuery;
    // The first probe happens at the job's first scrape after the stack came up.
    const success = await waitFor(
      async () => {
        const r = await query('probe_success{job="blackbox"}');
        return r.length > 0 && r.every((x) => x.value[1] === '1') ? r : undefined;
      },
      'probe_success 1 on every blackbox target',
      90_000,
      3000,
    );
    const expiry = await query('probe_ssl_earliest_cert_expiry{job="blackbox"} - time()');
    expect(expiry.length).toBeGreaterThan(0);
    const days = Number(expiry[0]!.value[1]) / 86_400;
    // tls-self-signed.sh makes a certificate valid for about a year.
    expect(days).toBeGreaterThan(30);
    return `${success.length} probe(s) up; certificate expires in ${days.toFixed(0)} days`;
  });

  check("node-exporter reports the Swarm node's name, which NodeMissing keys on", async () => {
    const names = docker('node', 'ls', '--format', '{{.Hostname}}').split('\n').filter(Boolean).sort();
    const reported = await waitFor(
      async () => {
        const r = await promQuery('node_uname_info{job="node-exporter"}');
        return r.length > 0 ? r.map((x) => x.metric.nodename).sort() : undefined;
      },
      'node_uname_info from node-exporter',
      90_000,
      3000,
    );
    expect(reported).toEqual(names);
    return `nodename ${reported.join(', ')}`;
  });

  check('nothing fires but Watchdog', async () => {
    const res = await stack.https('/prometheus/api/v1/alerts', { headers: stack.monitoringAuth() });
    const alerts = res.json<{ data: { alerts: Array<{ labels: { alertname: string }; state: string }> } }>()
      .data.alerts;
    const firing = alerts.filter((a) => a.state === 'firing').map((a) => a.labels.alertname);
    expect(firing).toEqual(['Watchdog']);
    const pending = alerts.filter((a) => a.state === 'pending').map((a) => a.labels.alertname);
    return `firing: ${firing.join(', ')}; pending: ${pending.join(', ') || 'none'}`;
  });

  check("the deployment's own values reach Alertmanager and Prometheus, nothing regenerated", async () => {
    const values = deploymentValues(stack.name);
    expect(templatesUntouched(stack.stackDir, repoRoot, values)).toEqual([]);
    // Prometheus sends the Watchdog to Alertmanager on its first evaluations.
    await waitFor(
      async () =>
        (await valuesProblems(stack, values, false).catch((e: Error) => [e.message])).length
          ? undefined
          : true,
      'the values in Alertmanager and Prometheus',
      90_000,
      3000,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}: ${(await valuesProblems(stack, values, false)).join('; ')}`);
    });
    return `Alertmanager's /api/v2/status and Prometheus' rules API carry ${values.ALERTMANAGER_SMTP_SMARTHOST} and ${values.RUNBOOK_BASE_URL}; heartbeat off`;
  });

  check(
    'an alert sent to Alertmanager reaches the notifier and is delivered',
    async () => {
      await waitFor(
        () => stack.containers('sinks').length === 1 || undefined,
        'the Slack and SMTP stand-ins',
        60_000,
        1000,
      );
      const alertname = `SwarmTestNotification${Date.now()}`;
      const res = await stack.https('/alertmanager/api/v2/alerts', {
        method: 'POST',
        headers: stack.monitoringAuth(),
        body: [
          {
            labels: { alertname, severity: 'warning', service: 'swarm-test' },
            annotations: { summary: 'Swarm test.', description: 'Swarm test.' },
          },
        ],
      });
      expect(res.status, res.text).toBe(200);
      await waitFor(
        () =>
          stack.psql(
            `SELECT count(*) FROM notifier_notifications WHERE kind = 'alert' AND payload::text LIKE '%${alertname}%'`,
          ) === '1',
        'the alert in the notifier outbox',
        90_000,
        1000,
      );
      try {
        await waitFor(
          () => stack.sunk('slack').some((m) => String(m.body).includes(alertname)),
          'the Slack delivery',
          60_000,
          1000,
        );
      } catch (err) {
        // Say what the notifier made of it: its deliveries of that alert.
        const deliveries = stack.psql(
          `SELECT d.channel, d.state, d.attempts, coalesce(d.last_error, '') FROM notifier_deliveries d JOIN notifier_notifications n ON n.id = d.notification_id WHERE n.payload::text LIKE '%${alertname}%'`,
        );
        throw new Error(
          `${(err as Error).message}; deliveries: ${deliveries.replace(/\n/g, '; ') || 'none'}`,
        );
      }
      return 'Alertmanager -> notifier outbox -> Slack stand-in';
    },
    180_000,
  );

  check('the deploy notification is recorded by the notifier', () => {
    const rows = stack.psql(
      `SELECT payload->>'status' FROM notifier_notifications WHERE kind = 'deployment' AND payload->>'version' = '${version}'`,
    );
    expect(rows.split('\n')).toContain('succeeded');
    return `deployment ${version}: ${rows.replace(/\n/g, ', ')}`;
  });

  check('the public deploy endpoint takes only the deploy token and a small, exact notice', async () => {
    const token = (name: string) => readFileSync(join(stack.secretsDir, name), 'utf8').trim();
    const post = (body: unknown, secret?: string) =>
      stack.https('/notifier/deployments', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret ? { authorization: `Bearer ${token(secret)}` } : {}),
        },
        body,
      });
    const notice = { service: 'porttrack', version: 'edge-check', status: 'started' };
    const answers = {
      none: (await post(notice)).status,
      alertmanager: (await post(notice, 'notifier_alertmanager_token')).status,
      operator: (await post(notice, 'notifier_operator_token')).status,
      unknownField: (await post({ ...notice, channel: '#all' }, 'notifier_deploy_token')).status,
      tooLarge: (await post({ ...notice, version: 'x'.repeat(9000) }, 'notifier_deploy_token')).status,
    };
    expect(answers).toEqual({
      none: 401,
      alertmanager: 403,
      operator: 403,
      unknownField: 400,
      tooLarge: 413,
    });
    return JSON.stringify(answers);
  });

  check(
    "a deployment's changed values (and an external heartbeat) reach the services on the next deploy, nothing regenerated",
    async () => {
      const values = deploymentValues(stack.name, 2);
      // The Slack stand-in records any POST under /slack/: here the external dead-man's switch.
      const heartbeatUrl = `http://${stack.name}-sinks:8080/slack/heartbeat`;
      const deploy = await stack.deploy(version, log, {
        ...values,
        ALERTMANAGER_HEARTBEAT_URL: heartbeatUrl,
      });
      expect(deploy.code, deploy.output.slice(-1500)).toBe(0);
      expect(templatesUntouched(stack.stackDir, repoRoot, values)).toEqual([]);
      await waitFor(
        async () =>
          (await valuesProblems(stack, values, true).catch((e: Error) => [e.message])).length
            ? undefined
            : true,
        'the new values in Alertmanager and Prometheus',
        120_000,
        3000,
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}: ${(await valuesProblems(stack, values, true)).join('; ')}`);
      });
      await waitFor(
        () =>
          stack.sunk('slack').some((m) => m.channel === 'heartbeat' && String(m.body).includes('Watchdog')) ||
          undefined,
        'the Watchdog at the external heartbeat URL',
        180_000,
        2000,
      );
      return `redeployed in ${deploy.seconds.toFixed(1)} s: ${values.ALERTMANAGER_SMTP_SMARTHOST}, ${values.RUNBOOK_BASE_URL}; the Watchdog reached ${heartbeatUrl}`;
    },
    10 * 60_000,
  );

  check('Redis refuses a client without its password; the API and redis-exporter log in', async () => {
    const anonymous = stack.exec('redis', ['redis-cli', 'ping']);
    expect(anonymous.output).toMatch(/NOAUTH/);
    const ready = (await stack.https('/readyz')).json<{ checks: Record<string, string> }>();
    expect(ready.checks.redis).toBe('ok');
    const res = await stack.https(`/prometheus/api/v1/query?query=${encodeURIComponent('redis_up')}`, {
      headers: stack.monitoringAuth(),
    });
    const up = res
      .json<{ data: { result: Array<{ value: [number, string] }> } }>()
      .data.result.map((r) => r.value[1]);
    expect(up).toEqual(['1']);
    return `redis-cli without a password: ${anonymous.output}; API ready on Redis; redis_up ${up.join(',')}`;
  });

  check(
    'segmentation: nginx reaches neither PostgreSQL, Redis nor Loki; the API reaches PostgreSQL and Redis',
    async () => {
      const nginxReaches = (host: string, port: number) =>
        stack.exec('nginx', ['bash', '-c', `timeout 3 bash -c '</dev/tcp/${host}/${port}'`]).ok;
      const apiReaches = (host: string, port: number) =>
        stack.exec('api', [
          'node',
          '-e',
          `require('net').connect(${port},'${host}').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`,
        ]).ok;
      expect({
        postgres: nginxReaches('postgres', 5432),
        redis: nginxReaches('redis', 6379),
        loki: nginxReaches('loki', 3100),
      }).toEqual({
        postgres: false,
        redis: false,
        loki: false,
      });
      expect({ postgres: apiReaches('postgres', 5432), redis: apiReaches('redis', 6379) }).toEqual({
        postgres: true,
        redis: true,
      });
      // Loki is not deployed here: its network is what keeps nginx away, so check that too.
      const networksOf = (service: string) =>
        docker(
          'service',
          'inspect',
          `${stack.name}_${service}`,
          '--format',
          '{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}',
        )
          .split(' ')
          .filter(Boolean);
      const nginxNets = networksOf('nginx').map((id) =>
        docker('network', 'inspect', id, '--format', '{{.Name}}'),
      );
      expect(nginxNets.sort()).toEqual([`${stack.name}_app`, `${stack.name}_edge`]);
      const unauth = await Promise.all(
        ['/prometheus/api/v1/query?query=up', '/alertmanager/api/v2/status'].map((p) => stack.https(p)),
      );
      expect(unauth.map((r) => r.status)).toEqual([401, 401]);
      const admin = await stack.https('/prometheus/api/v1/admin/tsdb/snapshot', {
        method: 'POST',
        headers: stack.monitoringAuth(),
      });
      const lifecycle = await stack.https('/alertmanager/-/reload', {
        method: 'POST',
        headers: stack.monitoringAuth(),
      });
      expect([admin.status, lifecycle.status]).toEqual([403, 403]);
      return `nginx on ${nginxNets.join(', ')}; Prometheus/Alertmanager 401 without credentials; admin and lifecycle 403`;
    },
  );

  // The edge: distinct client addresses through nginx (edge-client.ts says which route they take).
  check(
    'nginx logs each request as a JSON line: the TCP peer as client_ip, a claimed X-Forwarded-For apart',
    async () => {
      edge = new EdgeClient(stack);
      results.notes.push(`edge checks: ${await edge.chooseRoute('127.0.0.2')}`);
      const path = `/api/v1/edge-log-check-${Date.now()}`;
      const since = new Date(Date.now() - 1000).toISOString();
      edge.request('127.0.0.2', path, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
      const line = await edge.logLine(path, since);
      expect(line, `no access-log line for ${path}`).toBeDefined();
      const { client_ip, method, status, forwarded_for } = line!;
      expect({ client_ip, method, status, forwarded_for }).toEqual({
        client_ip: '127.0.0.2',
        method: 'GET',
        // No token: the API asks for one before it looks the path up.
        status: 401,
        forwarded_for: '203.0.113.7',
      });
      return JSON.stringify(line);
    },
  );

  const loginFrom = (address: string, email: string, password: string, forgedFor?: string) => {
    const res = edge.request(address, '/api/v1/auth/login', {
      method: 'POST',
      headers: forgedFor ? { 'X-Forwarded-For': forgedFor } : {},
      body: { email, password },
    });
    let reason: string | undefined;
    try {
      reason = res.json<{ reason?: string }>().reason;
    } catch {
      /* not JSON */
    }
    return { status: res.status, reason };
  };

  check(
    "a forged X-Forwarded-For changes nothing: 10 wrong passwords, each claiming another address, meet the API's throttle",
    () => {
      const account = `edge-${Date.now()}@porttrack.example`;
      const answers = Array.from({ length: 10 }, (_, i) =>
        loginFrom('127.0.0.4', account, `wrong-${i}`, `198.51.100.${i + 1}`),
      );
      const statuses = answers.map((a) => a.status);
      // Five failures are free; the sixth makes the (account, address) pair wait, so the next is 429.
      expect({
        firstFive: statuses.slice(0, 5),
        throttled: answers.some((a) => a.status === 429 && a.reason === 'login_throttled'),
      }).toEqual({ firstFive: [401, 401, 401, 401, 401], throttled: true });
      return `statuses ${statuses.join(' ')}`;
    },
  );

  check(
    'a second address is not locked out by the first; the right password with a forged X-Forwarded-For from a locked address is still refused',
    async () => {
      const admin = 'admin@porttrack.example';
      const password = stack.secret('api_admin_password');
      // Seven counted failures from 127.0.0.2 (a 429 is waited out, then the next one counts): the
      // pair (admin, 127.0.0.2) then waits 2 s.
      const seen: number[] = [];
      for (let failures = 0; failures < 7;) {
        const a = loginFrom('127.0.0.2', admin, 'not-the-password');
        seen.push(a.status);
        if (a.status === 401) failures += 1;
        else if (a.status === 429) await new Promise((r) => setTimeout(r, 1100));
        else throw new Error(`a wrong password answered ${a.status}`);
        if (seen.length > 20) throw new Error(`no lockout after ${seen.join(' ')}`);
      }
      const forged = loginFrom('127.0.0.2', admin, password, '192.0.2.50');
      const other = loginFrom('127.0.0.3', admin, password);
      expect({ forgedFromLocked: [forged.status, forged.reason], otherAddress: other.status }).toEqual({
        forgedFromLocked: [429, 'login_throttled'],
        otherAddress: 200,
      });
      return `127.0.0.2: ${seen.join(' ')}, then the right password claiming 192.0.2.50: ${forged.status}; 127.0.0.3: ${other.status}`;
    },
  );

  check(
    "Grafana's location passes Host, X-Forwarded-Proto and the client address (a stand-in answers as grafana)",
    async () => {
      stack.startGrafanaEcho(version);
      try {
        const answer = await waitFor(
          () => {
            const res = edge.request('127.0.0.3', '/grafana/api/health', {
              headers: { 'X-Forwarded-For': '203.0.113.8' },
            });
            return res.status === 200 ? res : undefined;
          },
          'the Grafana stand-in answering through nginx',
          90_000,
          1000,
        );
        const { url, headers } = answer.json<{ url: string; headers: Record<string, string> }>();
        expect({
          url,
          host: headers.host,
          proto: headers['x-forwarded-proto'],
          forwardedFor: headers['x-forwarded-for'],
          realIp: headers['x-real-ip'],
        }).toEqual({
          url: '/grafana/api/health',
          host: '127.0.0.1',
          proto: 'https',
          forwardedFor: '127.0.0.3',
          realIp: '127.0.0.3',
        });
        return `the stand-in received ${JSON.stringify(headers)}`;
      } finally {
        docker('service', 'rm', `${stack.name}-grafana-echo`);
      }
    },
    180_000,
  );

  check(
    'a changed rule rolls out on the next deploy',
    async () => {
      const rulesDir = join(stack.stackDir, 'prometheus/rules');
      const marker = `swarm_test:rollout:${Date.now()}`.replace(/:(\d+)$/, '_$1');
      appendFileSync(
        join(rulesDir, 'api.rules.yml'),
        `  - name: swarm-test-rollout\n    rules:\n      - record: ${marker}\n        expr: vector(1)\n`,
      );
      const deploy = await stack.deploy(version, log);
      expect(deploy.code, deploy.output.slice(-1500)).toBe(0);
      const loaded = await waitFor(
        async () => {
          const res = await stack.https('/prometheus/api/v1/rules', { headers: stack.monitoringAuth() });
          return res.status === 200 && res.text.includes(marker);
        },
        'the new rule in Prometheus',
        60_000,
        1000,
      );
      expect(loaded).toBe(true);
      return `new rules config ${deploy.output.match(/rules ([0-9a-f]{12})/)?.[1]} deployed and loaded in ${deploy.seconds.toFixed(1)} s`;
    },
    10 * 60_000,
  );

  check(
    'a changed nginx config rolls out stop-first; the gap it costs is measured',
    async () => {
      const conf = join(stack.stackDir, 'nginx/nginx.conf');
      const before = stack.containers('nginx');
      appendFileSync(conf, `# swarm test ${Date.now()}\n`);
      // Poll nginx through its published port every 100 ms while the deploy runs (bounded by it).
      const outcomes: Array<{ at: number; ok: boolean }> = [];
      let deploying = true;
      const poller = (async () => {
        while (deploying) {
          const at = Date.now();
          const ok = await stack.https('/nginx-health', { timeoutMs: 1000 }).then(
            (r) => r.status === 200,
            () => false,
          );
          outcomes.push({ at, ok });
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const deploy = await stack.deploy(version, log);
      deploying = false;
      await poller;
      expect(deploy.code, deploy.output.slice(-1500)).toBe(0);
      let gapMs = 0;
      let failingSince: number | undefined;
      for (const o of outcomes) {
        if (!o.ok && failingSince === undefined) failingSince = o.at;
        if (o.ok && failingSince !== undefined) {
          gapMs = Math.max(gapMs, o.at - failingSince);
          failingSince = undefined;
        }
      }
      expect(outcomes.at(-1)?.ok).toBe(true);
      const after = stack.containers('nginx');
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before); // the new config came with a new task
      results.nginxUpdateGapSeconds = gapMs / 1000;
      return `nginx replaced in place of the old task; longest gap ${(gapMs / 1000).toFixed(1)} s over ${outcomes.length} polls`;
    },
    10 * 60_000,
  );

  check(
    'the backup service: a scheduled round backs up into both pgBackRest repositories, WAL is archived, the freshness reaches Prometheus',
    async () => {
      type Stanza = { backup?: Array<{ type: string; label: string; database: { 'repo-key': number } }> };
      // pgBackRest's own account of the repositories, from the backup service's container.
      const bothRepos = () => {
        const info = stack.exec('backup', [
          '/opt/porttrack/pgbackrest.sh',
          '--stanza=porttrack',
          '--output=json',
          'info',
        ]);
        if (!info.ok) return undefined;
        const backups = (JSON.parse(info.output) as Stanza[])[0]?.backup ?? [];
        const repos = new Set(backups.map((b) => b.database['repo-key']));
        return repos.has(1) && repos.has(2) ? backups : undefined;
      };
      const backups = await waitFor(
        bothRepos,
        'a base backup in repo1 and in repo2',
        (2 * backupEverySeconds + 240) * 1000,
        10_000,
      );
      // No round at start (BACKUP_ON_START is unset): the backups above are the schedule's.
      const logs = run('bash', ['-c', `docker service logs --raw ${stack.name}_backup 2>&1`]);
      expect(logs).toContain('backup-schedule: pgBackRest stanza porttrack ready');
      expect(logs).toMatch(/backup-schedule: next backup at /);
      expect(logs).toMatch(/backup-pgbackrest\.sh: (full|diff) backup into repo2/);

      const { segment, archivedBefore, archivedAfter, failedBefore, failedAfter } = await expectWalArchived();

      const fresh = await waitFor(
        async () => {
          const series = await promQuery('porttrack_backup_last_success_timestamp_seconds');
          const repos = new Set(series.map((r) => r.metric.repo));
          return repos.has('repo1') && repos.has('repo2') ? series : undefined;
        },
        'the backup freshness of repo1 and repo2 in Prometheus (node-exporter textfile)',
        120_000,
        5000,
      );
      results.backup = {
        everySeconds: backupEverySeconds,
        walArchived: archivedAfter,
        walFailedBeforeCheck: failedBefore,
      };
      const kinds = fresh.map((r) => `${r.metric.kind}/${r.metric.repo}`).join(', ');
      return `${backups.length} base backup(s) (${backups.map((b) => `${b.type} in repo${b.database['repo-key']}`).join(', ')}) every ${backupEverySeconds} s; ${segment} archived (archived_count ${archivedBefore} -> ${archivedAfter}, failed_count ${failedAfter}); Prometheus reads ${kinds}`;
    },
    (2 * backupEverySeconds + 600) * 1000,
  );

  check(
    'PostgreSQL away for 20 s: no API container is killed, /readyz reports it, the API recovers by itself',
    async () => {
      const before = stack.containers('api').sort();
      docker('service', 'scale', '-d', `${stack.name}_postgres=0`);
      await waitFor(
        async () => (await stack.https('/readyz')).status === 503,
        '/readyz 503 while PostgreSQL is away',
        30_000,
        500,
      );
      const downAt = Date.now();
      await new Promise((r) => setTimeout(r, 20_000));
      docker('service', 'scale', '-d', `${stack.name}_postgres=1`);
      const backAt = Date.now();
      await waitFor(
        async () => (await stack.https('/readyz')).status === 200,
        '/readyz 200 again',
        120_000,
        500,
      );
      const recoverySeconds = (Date.now() - backAt) / 1000;
      expect(stack.containers('api').sort()).toEqual(before);
      return `readyz 503 for the outage (${((backAt - downAt) / 1000).toFixed(0)} s); ready ${recoverySeconds.toFixed(1)} s after scaling back; the same ${before.length} API containers throughout`;
    },
    5 * 60_000,
  );

  check(
    'restore drill from the pgBackRest repository: writes fenced, the volume dropped, restored and replayed to the last archived WAL, every row back, the API serves it',
    async () => {
      const out = await restoreDrill('restore-drill-pitr.sh', { PORTTRACK_SECRETS_DIR: stack.secretsDir });
      const figures = /passed in (\d+) s \(restore (\d+) s, replay (\d+) s\)/.exec(out);
      expect(figures, out).not.toBeNull();
      results.pitrRestore = {
        drillSeconds: Number(figures![1]),
        restoreSeconds: Number(figures![2]),
        replaySeconds: Number(figures![3]),
      };
      return out
        .split('\n')
        .filter((l) => l.startsWith('restore drill'))
        .join('; ');
    },
    10 * 60_000,
  );

  check(
    'restore drill to a moment (BACKUP_RECOVERY.md, "the data of 10:41"): vessels written through nginx before the moment are served again, none written after it',
    async () => {
      const admin = await login('admin@porttrack.example', stack.secret('api_admin_password'));
      const writer = new VesselWriter((path, init) => stack.https(path, init), admin, 'MOMENT DRILL');
      let moment = '';
      let momentAt = Number.NaN;
      try {
        await waitFor(
          () => writer.acknowledged.length >= 10,
          '10 vessels written before the moment',
          60_000,
          200,
        );
        // The database's own clock (the host's: one kernel), with its zone, as the guide asks.
        moment = stack.psql(
          `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'`,
        );
        momentAt = Date.parse(`${moment.replace(' ', 'T').replace('+00', 'Z')}`);
        await waitFor(
          () => writer.acknowledgedAfter(momentAt) >= 10,
          '10 vessels written after the moment',
          60_000,
          200,
        );
      } finally {
        await writer.stop();
      }
      // Acknowledged before the moment: committed before it. Sent after it: committed after it.
      // A write sent before and acknowledged after may have committed on either side.
      const before = writer.acknowledged.filter((w) => w.at <= momentAt).map((w) => w.mmsi);
      const after = writer.acknowledged.filter((w) => w.sentAt > momentAt).map((w) => w.mmsi);
      const inFlight = writer.acknowledged.length - before.length - after.length;

      const out = await restoreDrill('restore-drill-pitr.sh', { PORTTRACK_SECRETS_DIR: stack.secretsDir }, [
        '--to',
        moment,
      ]);
      const figures = /passed in (\d+) s/.exec(out);
      expect(figures, out).not.toBeNull();
      const restored = new Set(
        stack.psql(`SELECT mmsi FROM vessels WHERE name = 'MOMENT DRILL'`).split('\n').filter(Boolean),
      );
      expect({
        missingFromBefore: before.filter((m) => !restored.has(m)),
        presentFromAfter: after.filter((m) => restored.has(m)),
      }).toEqual({ missingFromBefore: [], presentFromAfter: [] });
      // As a user asks: the last vessel before the moment is served through nginx, the first after is not.
      const search = async (mmsi: string) => {
        const res = await stack.https(`/api/v1/vessels?q=${mmsi}&limit=5`, { headers: admin });
        expect(res.status, res.text).toBe(200);
        return res.json<{ items: Array<{ mmsi: string }> }>().items.map((v) => v.mmsi);
      };
      expect(await search(before.at(-1)!)).toEqual([before.at(-1)]);
      expect(await search(after[0]!)).toEqual([]);
      results.momentRestore = {
        before: before.length,
        after: after.length,
        inFlight,
        drillSeconds: Number(figures![1]),
      };
      return `to ${moment}: ${before.length} vessels acknowledged before it all back, ${after.length} sent after it all gone (${inFlight} in flight across it, either side); ${out
        .split('\n')
        .filter((l) => l.startsWith('restore drill'))
        .join('; ')}`;
    },
    10 * 60_000,
  );

  check(
    'after the restore, rebuild-standby.sh copies the restored primary into a new standby, which streams again',
    async () => {
      const { seconds, replayedMs } = await rebuildStandby();
      return `streaming again in ${seconds} s; a write on the primary read on the standby after ${replayedMs} ms`;
    },
    12 * 60_000,
  );

  // After the pgBackRest drill: a dump restored into a new cluster has another system identifier,
  // which the pgBackRest stanza no longer matches (runbooks/BACKUP_RECOVERY.md).
  check(
    'restore drill: the database volume dropped, the backup restored, the API serves the restored data',
    async () => {
      const out = await restoreDrill('restore-drill.sh', { DRILL_DIR: join(workDir, 'restore-drill') });
      const figures = /passed in (\d+) s \(restore (\d+) s\)/.exec(out);
      expect(figures, out).not.toBeNull();
      results.restore = { drillSeconds: Number(figures![1]), restoreSeconds: Number(figures![2]) };
      return out
        .split('\n')
        .filter((l) => l.startsWith('restore drill:'))
        .join('; ');
    },
    10 * 60_000,
  );

  // The dump's restore made a new cluster (another system identifier): pgBackRest refuses to
  // archive into the old stanza until stanza-upgrade records it (runbooks/BACKUP_RECOVERY.md).
  check(
    'after the dump restore, stanza-upgrade brings archiving back and a full backup of the new cluster succeeds',
    async () => {
      const pgbackrest = (...args: string[]) =>
        stack.exec('backup', ['/opt/porttrack/pgbackrest.sh', '--stanza=porttrack', ...args]);
      // PostgreSQL's archiver keeps retrying the segments it could not archive, and each try holds
      // pgBackRest's archive lock for a moment: stanza-upgrade then says another pgBackRest is
      // running (seen once), and a second try goes through.
      const upgrade = await waitFor(
        () => {
          const u = pgbackrest('stanza-upgrade');
          return u.ok || !u.output.includes('unable to acquire lock') ? u : undefined;
        },
        "stanza-upgrade past the archiver's lock",
        60_000,
        2000,
      );
      expect(upgrade.ok, upgrade.output).toBe(true);
      const { segment } = await expectWalArchived();
      const full = stack.exec('backup', ['/opt/porttrack/backup-pgbackrest.sh', 'full']);
      expect(full.ok, full.output).toBe(true);
      const check = pgbackrest('check');
      expect(check.ok, check.output).toBe(true);
      return `stanza-upgrade, then ${segment} archived with no new failure, a full backup and pgBackRest's check passed`;
    },
    6 * 60_000,
  );

  // Last: it leaves the stack on the promoted standby, the old primary scaled to 0.
  check(
    'an unplanned loss of the primary: promote-standby.sh --swarm promotes the standby, the services follow it, writes through nginx resume, nothing acknowledged is lost, the new primary archives',
    async () => {
      const scripts = join(stack.stackDir, 'scripts');
      // The dump restore above made a new cluster, which the old standby cannot follow.
      await rebuildStandby();
      // A login through nginx right after the rebuild once ended in "socket hang up" (the run of
      // 22:06 UTC, 2026-12-06): retried, and every failure logged with the tasks not running.
      const admin = await waitFor(
        () =>
          login('admin@porttrack.example', stack.secret('api_admin_password')).catch((err: Error) => {
            log(
              `login through nginx failed (${err.message}); tasks not running: ${stack.taskTroubles() || 'none'}`,
            );
            return undefined;
          }),
        'an admin login through nginx',
        60_000,
        2000,
      );
      const writer = new VesselWriter((path, init) => stack.https(path, init), admin, 'PROMOTION DRILL');
      let promotion = '';
      let switchedSeconds = 0;
      let lostAt = 0;
      let promotingAt = 0;
      try {
        await waitFor(
          () => writer.acknowledged.length >= 20,
          '20 vessels written before the loss',
          60_000,
          200,
        );
        // The primary's node is gone: its container killed, and Swarm kept from starting it again
        // (restart delay 5 s) as it could not on a lost node.
        const [primary] = stack.containers('postgres');
        lostAt = Date.now();
        docker('kill', primary!);
        docker('service', 'scale', '--detach', `${stack.name}_postgres=0`);
        // What the on-call engineer sees before promoting: the standby has lost its primary.
        await waitFor(
          () =>
            stack.psql("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'", {
              service: 'postgres-standby',
            }) === '0',
          'the standby noticing its primary is gone',
          30_000,
          200,
        );
        promotingAt = Date.now();
        // Not run(): the script waits for the services' rolling updates, and the writer must
        // keep writing meanwhile. Its report goes to stderr (say).
        const script = await execFileAsync(
          'bash',
          [join(scripts, 'promote-standby.sh'), '--swarm', stack.name],
          {
            env: { ...process.env, PORTTRACK_STACK: stack.name, PG_CONTAINER: 'auto' },
          },
        );
        promotion = script.stderr + script.stdout;
        switchedSeconds = (Date.now() - promotingAt) / 1000;
        log(`promote-standby.sh:\n${promotion.trim()}`);
        expect(promotion).toMatch(/promoted: .* accepts writes/);
        await waitFor(
          () => writer.acknowledgedAfter(promotingAt) >= 5 || undefined,
          'writes through nginx acknowledged again',
          5 * 60_000,
          1000,
        );
      } finally {
        await writer.stop();
      }
      const newPrimary = (sql: string) => stack.psql(sql, { service: 'postgres-standby' });
      expect(newPrimary('SELECT pg_is_in_recovery()')).toBe('f');
      const kept = new Set(
        newPrimary(`SELECT mmsi FROM vessels WHERE name = 'PROMOTION DRILL'`).split('\n').filter(Boolean),
      );
      // Replication is asynchronous: what the primary acknowledged but had not yet streamed is
      // lost, and BACKUP_RECOVERY.md promises at most 5 s of it.
      const lost = writer.acknowledged.filter((w) => !kept.has(w.mmsi));
      expect(
        lost.filter((w) => w.at < lostAt - 5000),
        'acknowledged writes older than 5 s missing on the new primary',
      ).toEqual([]);
      // The script waited for each rolling update (and updated again one Swarm rolled back).
      for (const service of ['api', 'notifier', 'exporters']) {
        const specAndUpdate = docker(
          'service',
          'inspect',
          '--format',
          '{{json .Spec.TaskTemplate.ContainerSpec.Env}} {{json .UpdateStatus}}',
          `${stack.name}_${service}`,
        );
        expect(specAndUpdate, `${service}: environment, then last update`).toContain(
          'PORTTRACK_DATABASE_HOST=postgres-standby',
        );
      }
      const { segment } = await expectWalArchived('postgres-standby');
      // The first write sent after the loss and acknowledged: the new primary's (one sent before the
      // kill may still be acknowledged by the old primary after lostAt).
      const writesBack = writer.acknowledged.find((w) => w.sentAt > lostAt)!.at;
      const gap = writer.longestGap();
      results.promotion = {
        acknowledged: writer.acknowledged.length,
        lost: lost.length,
        writeGapSeconds: gap.ms / 1000,
        writeGapAfterLoss: [(gap.from - lostAt) / 1000, (gap.to - lostAt) / 1000],
        secondsToWritesBack: (writesBack - lostAt) / 1000,
        secondsToServicesUpdated: switchedSeconds,
      };
      const promoted = promotion.split('\n').find((l) => l.includes('promoted:'));
      return `${writer.acknowledged.length} vessels acknowledged through nginx, ${lost.length} lost; ${promoted}; writes acknowledged again ${results.promotion.secondsToWritesBack.toFixed(1)} s after the loss (longest gap ${results.promotion.writeGapSeconds.toFixed(1)} s, from ${results.promotion.writeGapAfterLoss[0].toFixed(1)} to ${results.promotion.writeGapAfterLoss[1].toFixed(1)} s after the loss; ${writer.failed} refused meanwhile: ${JSON.stringify(writer.failures)}); api, notifier and exporters on postgres-standby, their updates completed ${switchedSeconds.toFixed(1)} s after the command; ${segment} archived by the new primary`;
    },
    10 * 60_000,
  );
});

// Keeps the results file readable by other tools even when a check above throws.
export const swarmResults = () => JSON.parse(readFileSync(resultsFile, 'utf8')) as unknown;
