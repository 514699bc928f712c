/**
 * `npm run bench -- image-build`: our image (./Dockerfile) built from nothing, `--no-cache`, with
 * the base images already on the machine as a user's registry would have them (the Debian base
 * and Node 24, built once and cached by tag). Goal: at most 5 minutes, median.
 *
 * Each round builds twice, the same Dockerfile under two tags: the first is judged, the second is
 * the A/A control (a build that should take exactly as long), so the spread between them shows
 * how much of a difference is the machine's noise. The order alternates between rounds. The load
 * average is recorded before every build: the goal speaks of an idle machine.
 *
 *   npm run bench -- image-build          # BENCH_ROUNDS=5 by default: ten builds, about 35 minutes
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { docker, ensureDockerEngine } from '../../local-swarm/docker-host.ts';
import { buildAppImage, localImages } from '../../local-swarm/images.ts';
import { exitForVerdicts, judge, printVerdicts } from '../lib/goals.ts';
import { environment, writeResults } from '../lib/results.ts';
import { roundsFromEnv, spread } from '../lib/rounds.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const goalSeconds = 300;
const log = (m: string) => console.log(`[bench:image-build ${new Date().toISOString().slice(11, 19)}] ${m}`);
const rounds = roundsFromEnv();

const host = await ensureDockerEngine(log);
const workDir = mkdtempSync(join(tmpdir(), 'porttrack-bench-image-'));
const arms = ['subject', 'control'] as const;
type Arm = (typeof arms)[number];
const seconds: Record<Arm, number[]> = { subject: [], control: [] };
const loads: Array<{ round: number; arm: Arm; load1: number }> = [];
let sizeBytes = 0;
try {
  localImages(repoRoot, workDir, log);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...arms].reverse() : arms;
    for (const arm of order) {
      const load1 = Math.round(loadavg()[0]! * 100) / 100;
      loads.push({ round: round + 1, arm, load1 });
      const figure = buildAppImage(repoRoot, `bench-build-${arm}`, { noCache: true });
      seconds[arm].push(figure.buildSeconds);
      sizeBytes = figure.sizeBytes;
      log(`round ${round + 1}/${rounds}, ${arm}: ${figure.buildSeconds.toFixed(1)} s (load ${load1} before)`);
      // The next build starts from the base images alone, like the first.
      docker('image', 'rm', '-f', `porttrack:bench-build-${arm}`);
      docker('builder', 'prune', '-af');
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await host.release();
}

const build = spread(seconds.subject);
const control = spread(seconds.control);
// Per round: the control's time over the judged one's. 1 means the method saw no difference.
const noise = spread(seconds.subject.map((s, i) => seconds.control[i]! / s));
const verdicts = judge([
  { name: 'image build from nothing (--no-cache)', unit: 's', figure: build, at_most: goalSeconds, noise },
]);
printVerdicts(verdicts);
const written = await writeResults('image-build', {
  ...environment(),
  method:
    'docker build --no-cache of ./Dockerfile on the cached Debian base and Node 24 images; each round builds the judged arm and an identical control, order alternating; build cache pruned after each build',
  image_size_bytes: sizeBytes,
  build_seconds: build,
  control_seconds: control,
  control_over_build: noise,
  load_average_before_each_build: loads,
  goals: verdicts,
});
log(`figures in ${written}`);
exitForVerdicts(verdicts);
