import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../lib/testing/wait.ts';
import { type DockerHost, docker, ensureDockerSwarm } from '../../local-swarm/docker-host.ts';
import { buildImages } from '../../local-swarm/images.ts';
import { TestStack } from '../../local-swarm/test-stack.ts';
import { checkAcknowledged } from './acknowledged.ts';
import { describeCauses, failureSpanSeconds, windowFigures, type WindowFigures } from './figures.ts';
import { LoadGenerator } from './load.ts';
import { buildVariants, type Variants } from './variants.ts';

export interface DrillResult {
  name: string;
  what: string;
  passed: boolean;
  /** Goals missed or checks failed, each in plain words. */
  problems: string[];
  durationSeconds: number;
  requests: { total: WindowFigures; before: WindowFigures; during: WindowFigures; after: WindowFigures };
  rows: ReturnType<typeof checkAcknowledged>['rows'];
  lostAcknowledgedRows: number;
  /** Drill-specific figures: rollback, switch or recovery times, alerts, deploy exit codes. */
  figures: Record<string, unknown>;
}

export type Log = (line: string) => void;

/** Our own stack, ports and API replicas: never the Swarm test's pttest on 18080/18443. */
export const drillNaming = {
  name: process.env.SWARM_DRILL_STACK ?? 'ptdrill',
  httpPort: Number(process.env.SWARM_DRILL_HTTP_PORT ?? 28080),
  httpsPort: Number(process.env.SWARM_DRILL_HTTPS_PORT ?? 28443),
  previewPort: Number(process.env.SWARM_DRILL_PREVIEW_PORT ?? 28444),
};
const apiReplicas = process.env.SWARM_DRILL_API_REPLICAS ?? '2';
const loadRate = Number(process.env.SWARM_DRILL_RATE ?? 100);

/** One drill's change, run under load; returns its figures and the problems it found. */
export type Change = (
  load: LoadGenerator,
) => Promise<{ figures: Record<string, unknown>; problems: string[] }>;

/**
 * Everything the drills share: the Swarm, the images and their drill variants, one deployed
 * stack (deployed once with stack/scripts/deploy.sh, then changed by each drill in turn), the
 * admin's token and a fleet of vessels the load writes for.
 */
export class DrillSession {
  readonly workDir = mkdtempSync(join(tmpdir(), 'porttrack-drills-'));
  readonly version = `drill-${Date.now().toString(36)}`;
  host: DockerHost | undefined;
  stack!: TestStack;
  variants!: Variants;
  /** The image tag the API runs now (drills alternate between two tags to force a roll). */
  current = '';
  private token = '';
  private vessels: Array<{ id: number; mmsi: string }> = [];
  readonly startedAt = new Date().toISOString();
  readonly results: DrillResult[] = [];
  readonly notes: string[] = [];

  constructor(
    readonly repoRoot: string,
    readonly log: Log,
  ) {}

  machine() {
    return {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
      node: process.version,
    };
  }

  async setup() {
    this.host = await ensureDockerSwarm(this.log);
    this.notes.push(...this.host.notes);
    // Cached by tag (base, Node, stand-ins) and by layer (ours): cheap after `npm run test:swarm`.
    const built = buildImages(this.repoRoot, this.workDir, this.version, this.log, { noCache: false });
    this.variants = buildVariants(this.version, this.workDir);
    // The backup service on its daily time: it runs (its stanza lets PostgreSQL archive WAL) but
    // takes no backup in the drills' minutes, whose figures are the API's under load alone; its
    // scheduled rounds are test:swarm's to check.
    this.stack = new TestStack(this.repoRoot, this.workDir, built.standinEnv, drillNaming, 'daily');
    await this.stack.remove(() => {}); // leftovers of an aborted run
    this.stack.prepare();
    this.log(`deploying stack ${this.stack.name} (${apiReplicas} API replicas) on ${this.stack.httpsPort}`);
    const first = await this.deploy(this.version);
    if (first.code !== 0) throw new Error(`the first deploy failed:\n${first.output.slice(-3000)}`);
    this.current = this.version;
    this.stack.startSinks(this.version);
    await waitFor(
      () => this.stack.containers('sinks').length === 1 || undefined,
      'the Slack and SMTP stand-ins',
      60_000,
      1000,
    );
    const login = await this.stack.https('/api/v1/auth/login', {
      method: 'POST',
      body: { email: 'admin@porttrack.example', password: this.stack.secret('api_admin_password') },
    });
    if (login.status !== 200) throw new Error(`admin login: ${login.status} ${login.text}`);
    this.token = login.json<{ token: string }>().token;
    this.vessels = await this.createFleet(12);
  }

  /** The drill stack's deploy: deploy.sh with the drill's replicas and a rate limit for one load generator. */
  deploy(version: string, args: string[] = [], watch?: (line: string) => void) {
    return this.stack.deploy(
      version,
      (line) => {
        watch?.(line);
        this.log(line);
      },
      {
        PORTTRACK_API_REPLICAS: apiReplicas,
        // All drill traffic comes from one address (the load generator): the per-address limit
        // (6000/min in production) would answer 429 to a load meant to measure failures.
        PORTTRACK_API_RATE_LIMIT_PER_MINUTE: '600000',
        DEPLOY_TIMEOUT_SECONDS: '300',
      },
      args,
    );
  }

  /** The other of the two tags of the good version: deploying it rolls the API. */
  nextGood() {
    return this.current === this.version ? this.variants.next : this.version;
  }

  private async createFleet(n: number) {
    const fleet: Array<{ id: number; mmsi: string }> = [];
    const base = 200_000_000 + Math.floor(Math.random() * 700_000_000);
    for (let i = 0; i < n; i++) {
      const mmsi = String(base + i * 7);
      // IMO: six digits of its own per vessel, then the check digit (weights 7..2, sum mod 10).
      const six = String(100_000 + ((base + i) % 900_000));
      const sum = [...six].reduce((acc, d, k) => acc + Number(d) * (7 - k), 0);
      const res = await this.stack.https('/api/v1/vessels', {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}` },
        body: {
          mmsi,
          imo: `${six}${sum % 10}`,
          name: `DRILL ${i}`,
          type: 'bulk',
          flag: 'ES',
          gross_tonnage: 9000,
          length_m: 120,
        },
      });
      if (res.status !== 201) throw new Error(`creating drill vessel ${mmsi}: ${res.status} ${res.text}`);
      fleet.push({ id: res.json<{ id: number }>().id, mmsi });
    }
    return fleet;
  }

  /**
   * Runs `change` under continuous load: `warmSeconds` of load before (the "before" figures),
   * the change (the "during" ones), `settleSeconds` after. Then every acknowledged write is
   * looked up in PostgreSQL.
   */
  async underLoad(
    name: string,
    what: string,
    change: Change,
    options: { warmSeconds?: number; settleSeconds?: number; maxSeconds?: number } = {},
  ) {
    const { warmSeconds = 10, settleSeconds = 10, maxSeconds = 600 } = options;
    this.log(`drill ${name}: ${what}`);
    const drillStartedAt = new Date().toISOString();
    const load = new LoadGenerator({
      port: this.stack.httpsPort,
      ca: readFileSync(join(this.stack.tlsDir, 'fullchain.pem')),
      token: this.token,
      vessels: this.vessels,
      // Vessels of its own for port calls: a call an earlier drill left open (a write that
      // failed mid-way) would keep its vessel busy, and the load would send no port calls.
      portCallVessels: (await this.createFleet(10)).map((v) => v.id),
      rate: loadRate,
      maxSeconds,
    }).start();
    const started = performance.now();
    let outcome: Awaited<ReturnType<Change>>;
    try {
      await new Promise((r) => setTimeout(r, warmSeconds * 1000));
      load.mark('change');
      outcome = await change(load);
      load.mark('changed');
      await new Promise((r) => setTimeout(r, settleSeconds * 1000));
    } finally {
      await load.stop();
    }
    const changeAt = load.markAt('change') ?? 0;
    const changedAt = load.markAt('changed') ?? Number.POSITIVE_INFINITY;
    const requests = {
      total: windowFigures(load.samples),
      before: windowFigures(load.samples, 0, changeAt),
      during: windowFigures(load.samples, changeAt, changedAt),
      after: windowFigures(load.samples, changedAt),
    };
    const acknowledged = await waitFor(
      () => {
        try {
          return checkAcknowledged(load.acknowledged, (sql) => this.stack.psql(sql));
        } catch {
          return undefined; // PostgreSQL still starting after a drill that stopped it
        }
      },
      'PostgreSQL answering for the acknowledged-rows check',
      120_000,
      2000,
    );
    const problems = [...outcome.problems];
    if (acknowledged.lost > 0)
      problems.push(`${acknowledged.lost} acknowledged rows not found in PostgreSQL`);
    if (requests.total.sent < loadRate * 0.8 * (warmSeconds + settleSeconds))
      problems.push(`the load sent only ${requests.total.sent} requests: below ${loadRate}/s`);
    const result: DrillResult = {
      name,
      what,
      passed: problems.length === 0,
      problems,
      durationSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      requests,
      rows: acknowledged.rows,
      lostAcknowledgedRows: acknowledged.lost,
      figures: {
        ...outcome.figures,
        failedAnsweredBy: this.tasksOfHosts(requests.total.failed.causes.map((c) => c.host)),
        failureSpanSeconds: failureSpanSeconds(load.samples),
        offeredRatePerSecond: loadRate,
      },
    };
    this.results.push(result);
    this.log(
      `drill ${name}: ${result.passed ? 'passed' : `FAILED: ${problems.join('; ')}`} (${requests.total.sent} requests, ${requests.total.failed.total} failed)`,
    );
    // CI keeps only the log: a failed drill says there what failed and why, not only in the JSON.
    if (requests.total.failed.total > 0) {
      this.log(`drill ${name}: failed requests by cause: ${describeCauses(requests.total.failed)}`);
      for (const line of this.apiErrorLines(drillStartedAt)) this.log(`drill ${name}: ${line}`);
    }
    if (!result.passed) for (const line of this.endedTasks()) this.log(`drill ${name}: ${line}`);
    return result;
  }

  /**
   * The Swarm task and image behind each X-Api-Host of a failed request (a container's hostname is
   * its short id; stopped containers stay inspectable while Swarm keeps their task's history).
   */
  private tasksOfHosts(hosts: ReadonlyArray<string | null>): Record<string, string> {
    const named: Record<string, string> = {};
    for (const host of new Set(hosts.filter((h): h is string => h !== null))) {
      try {
        named[host] = docker(
          'inspect',
          '--format',
          '{{index .Config.Labels "com.docker.swarm.task.name"}} {{.Config.Image}} {{.State.Status}}',
          host,
        );
      } catch {
        named[host] = 'container gone';
      }
    }
    return named;
  }

  /** Running tasks of a service and the image tags they run. */
  tasks(service: string) {
    const out = docker(
      'service',
      'ps',
      `${this.stack.name}_${service}`,
      '--filter',
      'desired-state=running',
      '--format',
      '{{.Image}} {{.CurrentState}}',
    );
    return out
      .split('\n')
      .filter((l) => l.includes(' Running '))
      .map((l) => l.split(' ')[0]!.replace(/@.*/, '').split(':')[1]!);
  }

  /**
   * Tasks of the stack that ended other than by a deploy's own shutdown (failed, rejected,
   * killed by a healthcheck, or exited with an error): which service, when, and Swarm's reason.
   * A failed drill logs them, so a stopped PostgreSQL or a task killed as unhealthy shows there.
   */
  endedTasks(): string[] {
    try {
      return docker(
        'stack',
        'ps',
        this.stack.name,
        '--no-trunc',
        '--format',
        '{{.Name}} {{.Image}} {{.CurrentState}} {{.Error}}',
      )
        .split('\n')
        .filter((line) => /\b(Failed|Rejected)\b| [^ ]*(error|exit|unhealthy)/i.test(line))
        .slice(0, 20)
        .map((line) => `task ended: ${line.replace(/@sha256:[0-9a-f]+/, '')}`);
    } catch (err) {
      return [`could not list the stack's tasks: ${(err as Error).message}`];
    }
  }

  /**
   * The API's own log lines for the 5xx it answered since `since` (the last 10), each with the
   * error underneath (a driver's message rides in the line as the error's cause): why a request
   * failed, which the answer's body does not say.
   */
  apiErrorLines(since: string): string[] {
    try {
      return docker('service', 'logs', '--raw', '--since', since, `${this.stack.name}_api`)
        .split('\n')
        .filter((line) => line.includes('"msg":"request failed"'))
        .slice(-10)
        .map((line) => `api log: ${line.slice(0, 600)}`);
    } catch (err) {
      return [`could not read the API's logs: ${(err as Error).message}`];
    }
  }

  /** The version the API's tasks run now (the first running task's). */
  runningVersion() {
    return this.tasks('api')[0] ?? this.current;
  }

  updateState(service: string) {
    return docker(
      'service',
      'inspect',
      `${this.stack.name}_${service}`,
      '--format',
      '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}',
    );
  }

  async teardown() {
    try {
      if (this.stack) await this.stack.remove(this.log);
      for (const version of this.variants ? [...Object.values(this.variants), this.version] : []) {
        try {
          docker('rmi', `porttrack:${version}`);
        } catch {
          /* still referenced or gone */
        }
      }
    } finally {
      await this.host?.release();
      rmSync(this.workDir, { recursive: true, force: true });
    }
  }

  summary() {
    return {
      startedAt: this.startedAt,
      finishedAt: new Date().toISOString(),
      machine: this.machine(),
      stack: drillNaming,
      apiReplicas: Number(apiReplicas),
      loadRatePerSecond: loadRate,
      drills: this.results,
      notes: this.notes,
    };
  }
}
