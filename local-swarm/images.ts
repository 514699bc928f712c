import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, run } from './docker-host.ts';

export interface ImageFigure {
  image: string;
  sizeBytes: number;
  buildSeconds: number;
  /** false when the image was already on the machine (the base and stand-ins are cached by tag). */
  built: boolean;
  /** Set when docker build reused layers (SWARM_TEST_CACHED_BUILD=1). */
  cachedLayers?: boolean;
}

const imageSize = (image: string) => Number(docker('image', 'inspect', image, '--format', '{{.Size}}'));
const exists = (image: string) => {
  try {
    docker('image', 'inspect', image);
    return true;
  } catch {
    return false;
  }
};

/** Runs a build step and records the image it made. */
function timed(image: string, build: () => void): ImageFigure {
  const cached = exists(image);
  const started = performance.now();
  build();
  return {
    image,
    sizeBytes: imageSize(image),
    buildSeconds: (performance.now() - started) / 1000,
    built: !cached,
  };
}

export const nodeImage = 'porttrack/node:24-bookworm';

/**
 * What stands in for a registry here: the Debian base (debootstrap), Node 24 from npm and the
 * Debian stand-ins of third-party images, each cached by tag. `standinEnv` holds the image
 * variables (POSTGRES_IMAGE=...) the stack and the compose file read.
 */
export function localImages(repoRoot: string, workDir: string, log: (line: string) => void) {
  const images = join(repoRoot, 'stack/images');
  log('base image (debootstrap; cached by tag)');
  const base = timed('porttrack/debian-base:bookworm', () =>
    run('bash', [join(images, 'base/build-base.sh')]),
  );
  log('Node 24 image');
  const node = timed(nodeImage, () => run('bash', [join(images, 'node/build-node-image.sh')]));
  log('stand-ins for third-party images (Debian packages)');
  const envFile = join(workDir, 'standins.env');
  const started = performance.now();
  run('bash', [join(images, 'standins/build-standins.sh'), envFile]);
  const standinSeconds = (performance.now() - started) / 1000;
  const standinEnv = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
  return {
    figures: [base, node],
    standins: Object.values(standinEnv).map((image) => ({ image, sizeBytes: imageSize(image) })),
    standinSeconds,
    standinEnv,
  };
}

/**
 * The images the Swarm test deploys: localImages(), then our own image from ./Dockerfile,
 * built from scratch (--no-cache) so its build time is the real one, unless told to reuse the
 * layer cache (the drills, after the Swarm test built it).
 */
export function buildImages(
  repoRoot: string,
  workDir: string,
  version: string,
  log: (line: string) => void,
  options: { noCache?: boolean } = {},
) {
  const local = localImages(repoRoot, workDir, log);
  // SWARM_TEST_CACHED_BUILD=1 reuses build layers while iterating; its time is then not a build time.
  const noCache = options.noCache ?? process.env.SWARM_TEST_CACHED_BUILD !== '1';
  log(`our image porttrack:${version}${noCache ? ' (no cache)' : ' (cached layers allowed)'}`);
  const app = {
    ...buildAppImage(repoRoot, version, { noCache }),
    ...(noCache ? {} : { cachedLayers: true }),
  };
  log(`the stack's PostgreSQL (archiving) and backup images, ${version}`);
  const stackImages = buildStackImages(repoRoot, version, local.standinEnv.POSTGRES_IMAGE ?? '');
  return {
    ...local,
    figures: [...local.figures, app, ...stackImages.figures],
    standinEnv: { ...local.standinEnv, PORTTRACK_POSTGRES_IMAGE: stackImages.postgres },
  };
}

/**
 * The stack's own PostgreSQL image (stack/images/postgres: the stand-in plus pgBackRest and the
 * archiving settings) and the backup image built FROM it, both tagged with the version, as the
 * release workflow builds them FROM the official image. Layers are cached (the apt-get of
 * pgBackRest is not what the test measures).
 */
export function buildStackImages(repoRoot: string, version: string, postgresBase: string) {
  if (!postgresBase) throw new Error('no PostgreSQL stand-in image (POSTGRES_IMAGE) to build on');
  const build = (image: string, dockerfile: string, base: string) =>
    timed(image, () =>
      run('docker', [
        'build',
        '-q',
        '-f',
        join(repoRoot, dockerfile),
        '--build-arg',
        `POSTGRES_IMAGE=${base}`,
        '-t',
        image,
        join(repoRoot, 'stack'),
      ]),
    );
  const postgres = `porttrack-postgres:${version}`;
  return {
    postgres,
    figures: [
      build(postgres, 'stack/images/postgres/Dockerfile', postgresBase),
      build(`porttrack-backup:${version}`, 'stack/images/backup/Dockerfile', postgres),
    ],
  };
}

/** docker build of ./Dockerfile on the local Node 24 stand-in. */
export function buildAppImage(
  repoRoot: string,
  version: string,
  options: { noCache?: boolean; dockerfile?: string } = {},
) {
  const image = `porttrack:${version}`;
  return timed(image, () =>
    run('docker', [
      'build',
      '-q',
      ...(options.noCache ? ['--no-cache'] : []),
      ...(options.dockerfile ? ['-f', options.dockerfile] : []),
      '--build-arg',
      `NODE_IMAGE=${nodeImage}`,
      '--build-arg',
      `VERSION=${version}`,
      '-t',
      image,
      repoRoot,
    ]),
  );
}
