import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, run } from '../../local-swarm/docker-host.ts';

/**
 * The versions the drills deploy (tags of porttrack), derived cheaply from the built image (no rebuild):
 * - next: the same image under another tag (Swarm sees a new spec and rolls it);
 * - never-healthy: an entry point that never listens, so its healthcheck never passes;
 * - failing: healthy (/healthz answers), but every /api request gets a 500 once it serves,
 *   through a module preloaded with NODE_OPTIONS;
 * - expand: the built image plus a migration that adds a nullable column (expand/contract).
 */
export function buildVariants(version: string, workDir: string) {
  const base = `porttrack:${version}`;
  const dir = join(workDir, 'variants');
  mkdirSync(dir, { recursive: true });
  const tag = (suffix: string) => `${base}-${suffix}`;
  docker('tag', base, tag('next'));
  const build = (suffix: string, dockerfile: string, files: Record<string, string> = {}) => {
    const context = join(dir, suffix);
    mkdirSync(context, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(context, name), text);
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    run('docker', ['build', '-q', '-t', tag(suffix), context]);
  };
  build(
    'never-healthy',
    `FROM ${base}\nENTRYPOINT ["node", "-e", "console.log('drill: never listening'); setInterval(() => {}, 1 << 30)"]\n`,
  );
  build(
    'failing',
    `FROM ${base}\nCOPY fail-api.mjs /app/drill/fail-api.mjs\nENV NODE_OPTIONS="--import /app/drill/fail-api.mjs"\n`,
    {
      'fail-api.mjs': `// Drill only: every /api request is answered 500; /healthz and the rest work, so the task is healthy.
import http from 'node:http';
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res, ...rest) {
  if (event === 'request' && req.url.startsWith('/api/')) {
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"drill: this version fails its requests"}');
    return true;
  }
  return emit.call(this, event, req, res, ...rest);
};
`,
    },
  );
  build('expand', `FROM ${base}\nCOPY 0900_drill_expand_positions_source.sql /app/api/migrations/\n`, {
    // Expand: a nullable column with a default is added without rewriting the table, and the old
    // version's INSERTs (which name their columns) keep working beside it.
    '0900_drill_expand_positions_source.sql': `ALTER TABLE positions ADD COLUMN IF NOT EXISTS source text DEFAULT 'ais';\n`,
  });
  // Versions, as deploy.sh takes them (PORTTRACK_VERSION, the tag of porttrack:<version>).
  return {
    next: `${version}-next`,
    neverHealthy: `${version}-never-healthy`,
    failing: `${version}-failing`,
    expand: `${version}-expand`,
  };
}

export type Variants = ReturnType<typeof buildVariants>;
