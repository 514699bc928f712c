import { spawnSync } from 'node:child_process';

/**
 * Sources a bash library and runs `body` with `args` as "$@", as deploy.sh sources its lib/*.sh:
 * the exit status and the trimmed output and error, for tests of what a function exports or says.
 */
export function runSourced(library: string, body: string, args: Array<string | number>) {
  const res = spawnSync('bash', ['-c', `. "${library}" && ${body}`, 'sourced', ...args.map(String)], {
    encoding: 'utf8',
  });
  return { status: res.status, out: res.stdout.trim(), err: res.stderr.trim() };
}
