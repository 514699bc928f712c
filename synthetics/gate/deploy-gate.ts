// `node synthetics/gate/deploy-gate.js`: the post-deploy gate that stack/scripts/deploy.sh runs
// (inside the image it just deployed, so the VM needs nothing but Docker). Through the public
// entry point, as a client sees it: the smoke journey passes, every Prometheus target is up,
// every rule evaluates and the business exporter reads the database. Exit 0 lets the deploy
// stand; exit 1 makes deploy.sh roll back once.
import { z } from 'zod';
import { ConfigError, type Env, parseConfig, readSecret } from '../../lib/config/env.ts';
import { smoke } from '../journeys/smoke.ts';
import { runJourney } from '../runner/run-journey.ts';
import { exporters } from '../../lib/catalog/exporters.ts';
import { exporterVerdict, rulesVerdict, targetsVerdict, type Verdict } from './prometheus-checks.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const schema = z.object({
  GATE_URL: z.url({ message: 'expected the public base URL, e.g. https://porttrack.example' }),
  GATE_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
  GATE_MONITORING_USER: z.string().min(1).default('oncall'),
  /** Targets Prometheus must have found (deploy.sh counts the scraped services' replicas). */
  GATE_MIN_TARGETS: z.coerce.number().int().min(0).default(1),
  PROBE_EMAIL: z.email(),
  /** `smoke`: the journey only, e.g. against one new task before the rollout goes on (deploy.sh's canary). */
  GATE_CHECKS: z.enum(['all', 'smoke']).default('all'),
});

function loadGateConfig(env: Env) {
  const c = parseConfig(schema, env);
  const monitoringPassword = readSecret(env, 'GATE_MONITORING_PASSWORD');
  const probePassword = readSecret(env, 'PROBE_PASSWORD');
  const problems = [
    ...(monitoringPassword ? [] : ['GATE_MONITORING_PASSWORD: required (or GATE_MONITORING_PASSWORD_FILE)']),
    ...(probePassword ? [] : ['PROBE_PASSWORD: required (or PROBE_PASSWORD_FILE)']),
  ];
  if (problems.length) throw new ConfigError(problems);
  return {
    baseUrl: c.GATE_URL.replace(/\/$/, ''),
    minTargets: c.GATE_MIN_TARGETS,
    smokeOnly: c.GATE_CHECKS === 'smoke',
    deadline: Date.now() + c.GATE_TIMEOUT_SECONDS * 1000,
    monitoringAuth: `Basic ${Buffer.from(`${c.GATE_MONITORING_USER}:${monitoringPassword}`).toString('base64')}`,
    credentials: { email: c.PROBE_EMAIL, password: probePassword as string },
  };
}
type GateConfig = ReturnType<typeof loadGateConfig>;

const log = (line: string) => console.log(`gate: ${line}`);

/**
 * Retries a check until it passes, up to `attempts` times within the gate's deadline: new
 * targets need a scrape and rules an evaluation, while a failing smoke journey means a broken
 * version that must not keep serving while the gate waits.
 */
async function until(
  config: GateConfig,
  name: string,
  check: () => Promise<Verdict>,
  attempts = Number.POSITIVE_INFINITY,
): Promise<boolean> {
  let verdict: Verdict = { ok: false, detail: 'not run' };
  for (let attempt = 1; attempt <= attempts && Date.now() < config.deadline; attempt++) {
    verdict = await check().catch((err: Error) => ({ ok: false, detail: err.message }));
    if (verdict.ok) {
      log(`${name}: ok (${verdict.detail})`);
      return true;
    }
    await sleep(3000);
  }
  log(`${name}: FAILED: ${verdict.detail}`);
  return false;
}

async function prometheus(config: GateConfig, path: string): Promise<unknown> {
  const res = await fetch(`${config.baseUrl}/prometheus${path}`, {
    headers: { authorization: config.monitoringAuth },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`GET /prometheus${path} answered ${res.status}`);
  return res.json();
}

async function smokeVerdict(config: GateConfig): Promise<Verdict> {
  const result = await runJourney(smoke, {
    baseUrl: config.baseUrl,
    credentials: config.credentials,
    stepTimeoutMs: 10_000,
  });
  return result.success
    ? { ok: true, detail: `${result.durationSeconds.toFixed(2)} s` }
    : {
        ok: false,
        detail: `step "${result.failure?.step}": ${result.failure?.reason} (trace ${result.traceId})`,
      };
}

try {
  const config = loadGateConfig(process.env);
  log(`checking ${config.baseUrl}`);
  // Each check is retried within the one deadline; all must pass.
  const smokeOk = await until(config, 'smoke journey', () => smokeVerdict(config), 3);
  if (config.smokeOnly) process.exit(smokeOk ? 0 : 1);
  const targetsOk = await until(config, 'prometheus targets', async () =>
    targetsVerdict(await prometheus(config, '/api/v1/targets?state=active'), config.minTargets),
  );
  const rulesOk = await until(config, 'rule groups', async () =>
    rulesVerdict(await prometheus(config, '/api/v1/rules')),
  );
  const metric = exporters.databaseUp.name;
  const exporterOk = await until(config, 'business exporter', async () =>
    exporterVerdict(await prometheus(config, `/api/v1/query?query=${metric}`), metric),
  );
  process.exit(smokeOk && targetsOk && rulesOk && exporterOk ? 0 : 1);
} catch (err) {
  console.error(err instanceof ConfigError ? `gate: ${err.message}` : err);
  process.exit(2);
}
