// The Thanos Query check of the GitHub Actions stack check (thanos-check.ts over dedup-check.ts),
// run here on answers of real Prometheus 2.42 processes: a pair like the stack's (replica a with
// npm start's external labels and the generated rules, replica b from a's prometheus.yml by
// replica-config.ts, as thanos-up.sh makes it), and two Prometheus that read the pair through its
// remote-read API, the API a Thanos sidecar reads it through, which adds each replica's external
// labels to its series:
//
// - `merged` reads both replicas, as Thanos Query with dedup=false: each series once per replica,
//   with its `replica` label, and a warning when a replica does not answer (Thanos: a partial
//   response).
// - `one-replica` has `replica: a` as its own external label, so Prometheus asks for replica a's
//   series and takes the label off: the shape of a deduplicated answer (each series once, `cluster`
//   kept, no `replica`). It stands in for Thanos Query's dedup=true answer on the good path.
//
// Not run here: Thanos itself. Debian has no `thanos` package (`apt-cache policy thanos` finds
// none), the npm package named `thanos` is an unrelated deployment tool and the Thanos project
// publishes no npm package, and this machine reaches no image registry and no GitHub release
// download, where Thanos ships (quay.io/thanos/thanos). So Thanos' own deduplication (its penalty
// merge of the replicas' samples), its sidecar and the flags in thanos-up.sh run only in the
// GitHub Actions stack-check job.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunbookBaseUrl, recording } from '../../lib/monitoring/index.ts';
import { busyPorts } from '../../lib/net/free-port.ts';
import { findBinary, missingBinaryMessage } from '../../local-platform/binaries.ts';
import { type ManagedProcess, spawnManaged } from '../../local-platform/managed-process.ts';
import { type RunningPrometheus, startPrometheus } from '../../local-platform/prometheus.ts';
import { localRuleFiles } from '../../local-platform/rules-and-routing.ts';
import { waitFor, waitForHttp } from '../../local-platform/wait.ts';
import { renderLocalPrometheusConfig } from '../../scrape/local.ts';
import { localJobs } from '../../scrape/jobs.ts';
import { type Ask, checkPair, compareAnswers, type QueryAnswer, queryApi } from './dedup-check.ts';
import { otherReplicaConfig } from './replica-config.ts';

/** Free ports from the range this suite may listen on (a fixed range: shared machines hand them out). */
async function portsFromRange(count: number, first = 45800, last = 45899): Promise<number[]> {
  const ports: number[] = [];
  for (let port = first; port <= last && ports.length < count; port++)
    if ((await busyPorts([port])).length === 0) ports.push(port);
  if (ports.length < count) throw new Error(`fewer than ${count} free ports in ${first}-${last}`);
  return ports;
}

/** A Prometheus on `port` with the given prometheus.yml; resolves once it is ready. */
async function startWithConfig(name: string, dir: string, port: number, config: string) {
  const binary = findBinary('prometheus');
  if (!binary) throw new Error(missingBinaryMessage('prometheus'));
  await mkdir(join(dir, 'data'), { recursive: true });
  await writeFile(join(dir, 'prometheus.yml'), config);
  const proc = spawnManaged(
    name,
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    { logFile: join(dir, 'prometheus.log') },
  );
  await waitForHttp(`http://127.0.0.1:${port}/-/ready`, {
    what: `${name} ready`,
    timeoutMs: 30_000,
    abort: () => (proc.alive ? undefined : `exited:\n${proc.tail()}`),
  });
  return { url: `http://127.0.0.1:${port}`, proc };
}

/** A Prometheus that only reads these through remote read (with its own external labels, if any). */
const readerConfig = (urls: string[], externalLabels?: Record<string, string>) =>
  dump({
    global: { ...(externalLabels ? { external_labels: externalLabels } : {}) },
    remote_read: urls.map((url) => ({ url: `${url}/api/v1/read`, read_recent: true })),
  });

const queries = ['up', recording.objective];
const problemsOf = async (ask: Ask) => (await checkPair(ask, queries)).flatMap((v) => v.problems);

describe('the Thanos Query check, on answers of real Prometheus processes', () => {
  let dir: string;
  let a: RunningPrometheus;
  const running: ManagedProcess[] = [];
  let b: { url: string; proc: ManagedProcess };
  let merged: string;
  let oneReplica: string;
  /** dedup=true from the one-replica reader, dedup=false from the merged one: the good path. */
  let pairAsk: Ask;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 't19-thanos-check-'));
    const [portA, portB, portMerged, portOne] = (await portsFromRange(4)) as [number, number, number, number];
    // Replica a as npm start runs it for the stack check (PROMETHEUS_REPLICA=a, PORTTRACK_CLUSTER),
    // with the generated rules; the pair scrapes the same target (a itself), as the stack's
    // replicas both scrape every target.
    a = await startPrometheus({
      dir: join(dir, 'a'),
      port: portA,
      scrapeIntervalSeconds: 1,
      evaluationIntervalSeconds: 1,
      rules: localRuleFiles(defaultRunbookBaseUrl),
      jobs: localJobs()
        .filter((job) => job.key === 'prometheus')
        .map((job) => ({ job, targets: [`127.0.0.1:${portA}`] })),
      externalLabels: { cluster: 'dedup-check', replica: 'a' },
    });
    b = await startWithConfig(
      'prometheus-b',
      join(dir, 'b'),
      portB,
      otherReplicaConfig(await readFile(a.configFile, 'utf8'), 'b'),
    );
    running.push(b.proc);
    const m = await startWithConfig('merged', join(dir, 'merged'), portMerged, readerConfig([a.url, b.url]));
    running.push(m.proc);
    const one = await startWithConfig(
      'one-replica',
      join(dir, 'one-replica'),
      portOne,
      readerConfig([a.url, b.url], { replica: 'a' }),
    );
    running.push(one.proc);
    merged = m.url;
    oneReplica = one.url;
    pairAsk = (query, dedup) => queryApi(dedup ? oneReplica : merged)(query, dedup);
    // Until b has scraped and evaluated once, its series are missing from the merged view.
    await waitFor(async () => ((await problemsOf(pairAsk)).length === 0 ? true : undefined), {
      what: 'both replicas answering every query',
      timeoutMs: 30_000,
      intervalMs: 500,
    });
  });

  afterAll(async () => {
    for (const proc of running.reverse()) await proc.stop();
    await a?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("makes replica b's prometheus.yml from a's, only `replica` changed, and Prometheus runs it", async () => {
    const configA = load(await readFile(a.configFile, 'utf8')) as Record<string, unknown>;
    const configB = load(await readFile(join(dir, 'b', 'prometheus.yml'), 'utf8')) as Record<string, unknown>;
    expect(configA.global).toMatchObject({ external_labels: { cluster: 'dedup-check', replica: 'a' } });
    expect(configB).toEqual({
      ...configA,
      global: {
        ...(configA.global as object),
        external_labels: { cluster: 'dedup-check', replica: 'b' },
      },
    });
    const status = (await (await fetch(`${b.url}/api/v1/status/config`)).json()) as {
      data: { yaml: string };
    };
    expect(status.data.yaml).toContain('replica: b');
    // A Prometheus without the label (npm start without PROMETHEUS_REPLICA) is refused with what to do.
    const plain = renderLocalPrometheusConfig({
      scrapeIntervalSeconds: 5,
      evaluationIntervalSeconds: 5,
      ruleFiles: [],
      jobs: [],
    });
    expect(() => otherReplicaConfig(plain, 'b')).toThrow(
      /no external label replica: start npm start with PROMETHEUS_REPLICA=a/,
    );
    expect(() => otherReplicaConfig(dump(configB), 'b')).toThrow('this prometheus.yml is replica b already');
  });

  it('passes on the pair: each series once without `replica`, both replicas without deduplication', async () => {
    const verdicts = await checkPair(pairAsk, queries);
    expect(verdicts).toEqual([
      { query: 'up', deduplicated: 1, perReplica: { a: 1, b: 1 }, problems: [] },
      // One objective per SLO (availability, latency), evaluated by each replica.
      { query: recording.objective, deduplicated: 2, perReplica: { a: 2, b: 2 }, problems: [] },
    ]);
    // The merged answer is what the check counts per replica: both replicas' series, labelled.
    const raw = await queryApi(merged)('up', false);
    const replicas = (raw.data?.result as Array<{ metric: Record<string, string> }>).map((s) => s.metric);
    expect(replicas.map((m) => [m.replica, m.cluster]).sort()).toEqual([
      ['a', 'dedup-check'],
      ['b', 'dedup-check'],
    ]);
  });

  it('fails a Query that does not deduplicate (no --query.replica-label): the merged answer as dedup=true', async () => {
    const problems = await problemsOf((query) => queryApi(merged)(query, true));
    expect(problems).toContain(
      'up (dedup=true): 2 of 2 series still carry the replica label (a, b): Thanos Query is not ' +
        'deduplicating on it (--query.replica-label=replica)',
    );
    expect(problems).toContain(
      'up (dedup=true): 1 series appear more than once: {__name__="up", cluster="dedup-check", ' +
        `instance="${new URL(a.url).host}", job="prometheus"} x2`,
    );
  });

  it('fails on a series that is not in the deduplicated answer, and on an unreachable Query', async () => {
    // The one-replica reader asked for another series than the merged one: the counts disagree.
    const verdict = compareAnswers(
      'up',
      await queryApi(oneReplica)('up{job="nothing"}', true),
      await queryApi(merged)('up', false),
    );
    expect(verdict.problems).toEqual([
      `up (dedup=true): 1 series of the replicas missing: {__name__="up", cluster="dedup-check", instance="${new URL(a.url).host}", job="prometheus"}`,
    ]);
    const [port] = (await portsFromRange(1)) as [number];
    const gone = await queryApi(`http://127.0.0.1:${port}`, 2000)('up', true);
    expect(gone).toMatchObject({ status: 'error', errorType: 'unreachable' });
    expect(compareAnswers('up', gone, gone).problems[0]).toMatch(
      new RegExp(`^up \\(dedup=false\\): unreachable: http://127.0.0.1:${port}: `),
    );
  });

  // Last: it stops replica b.
  it('fails when one replica does not answer: its series are gone from dedup=false, with the warning', async () => {
    await b.proc.stop();
    const problems = await problemsOf(pairAsk);
    expect(problems).toContain(
      'up (dedup=false): nothing from replica=b: its Prometheus or sidecar is not answering Thanos Query, ' +
        "so the merged view is one replica's",
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^up \(dedup=false\): warning \(a store or replica did not answer\): remote_read: .*connection refused/,
      ),
    );
  });
});

describe('the comparison, on answers that real servers give rarely', () => {
  const vector = (...metrics: Array<Record<string, string>>): QueryAnswer => ({
    status: 'success',
    data: { resultType: 'vector', result: metrics.map((metric) => ({ metric, value: [0, '1'] })) },
  });
  const up = (labels: Record<string, string>) => ({ __name__: 'up', job: 'api', ...labels });

  it('names series only one replica has, series without the label and unknown replicas', () => {
    const raw = vector(
      up({ replica: 'a', instance: '1' }),
      up({ replica: 'a', instance: '2' }),
      up({ replica: 'b', instance: '1' }),
      up({ instance: '3' }),
      up({ replica: 'c', instance: '1' }),
    );
    const deduplicated = vector(up({ instance: '1' }), up({ instance: '2' }));
    expect(compareAnswers('up', deduplicated, raw).problems).toEqual([
      'up (dedup=false): 1 series without the replica label (a Prometheus without the external label replica?): {__name__="up", instance="3", job="api"}',
      'up (dedup=false): series from replica=c, expected only a, b',
      'up (dedup=false): 1 series only on replica a: {__name__="up", instance="2", job="api"}',
    ]);
  });

  it('reports an error answer and a matrix where a vector belongs', () => {
    const error: QueryAnswer = { status: 'error', errorType: 'bad_data', error: 'parse error' };
    const matrix: QueryAnswer = { status: 'success', data: { resultType: 'matrix', result: [] } };
    expect(compareAnswers('up[', error, matrix).problems).toEqual([
      'up[ (dedup=false): expected a vector, got matrix',
      'up[ (dedup=true): bad_data: parse error',
    ]);
  });
});
