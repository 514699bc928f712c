import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';
import { commandFiles, secretArgumentProblems, secretArgumentsIn } from './secret-arguments.ts';

const flagged = (text: string) => secretArgumentsIn('f', text).map((p) => p.message);

describe('no secret on a command line', () => {
  it('scans the scripts, stack and Compose files, workflows and Dockerfiles, and finds nothing', async () => {
    expect(await commandFiles(repoRoot)).toEqual(
      expect.arrayContaining([
        'stack/docker-stack.yml',
        'stack/docker-compose.yml',
        'stack/postgres/porttrack-roles.sh',
        'stack/scripts/create-secrets.sh',
        '.github/workflows/deploy.yml',
        'Dockerfile',
      ]),
    );
    expect(await secretArgumentProblems(repoRoot)).toEqual([]);
  });

  // Each shape as it once stood in this repository.
  it.each([
    [
      'a healthcheck URL with the password read from the secret',
      String.raw`      test: ["CMD-SHELL", "wget -q -O /dev/null \"http://oncall:$$(cat /run/secrets/monitoring_password)@127.0.0.1:9090/-/healthy\""]`,
    ],
    [
      'psql -v with a secret file read into it (continued lines)',
      'psql -v ON_ERROR_STOP=1 --username postgres \\\n  -v app_pw="$(cat /run/secrets/app_pg_password)" <<\'SQL\'',
    ],
    ['psql -v with a variable', 'psql -d porttrack -v pw="$PW" -f roles.sql'],
    [
      'htpasswd -b',
      `  hash=$(htpasswd -nbBC 10 "$monitoring_user" "$(tr -d '\\n' <"$dir/monitoring_password")" | cut -d: -f2-)`,
    ],
    ['redis-cli -a', 'test: ["CMD-SHELL", "redis-cli -a \\"$$(cat /run/secrets/redis_password)\\" ping"]'],
    [
      'redis-server --requirepass with the secret read into it',
      String.raw`    command: ["sh", "-c", "exec redis-server --requirepass \"$$(cat /run/secrets/redis_password)\""]`,
    ],
    ['--password', 'some-tool --password "$TOKEN" sync'],
    ['curl -u with a secret file', 'curl -u "oncall:$(cat "$secrets_dir/monitoring_password")" http://x/'],
  ])('finds %s', (_what, line) => {
    expect(flagged(line)).not.toEqual([]);
  });

  it.each([
    [
      'the password on stdin',
      `tr -d '\\n' <"$dir/monitoring_password" | htpasswd -niBC 10 "$user" | cut -d: -f2-`,
    ],
    [
      'psql reading the file itself',
      "psql -v pwfile=\"$secrets/grafana_pg_password\" <<'SQL'\n\\set pw `cat :'pwfile'`",
    ],
    ['a variable assignment', 'POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE")'],
    ["a command's environment", 'PGPASSWORD=$(cat "$POSTGRES_PASSWORD_FILE") pg_dump -h postgres porttrack'],
    [
      'a builtin feeding curl its config on stdin',
      `printf 'user = "%s:%s"\\n' "$u" "$(tr -d '\\n' <"$MONITORING_PASSWORD_FILE")" | curl -K - "$@"`,
    ],
    ['docker login on stdin', 'docker login ghcr.io -u "$actor" --password-stdin'],
    ['a comment', '# htpasswd -nbB user "$(cat /run/secrets/x)" was here'],
    [
      "a healthcheck giving the password in the command's environment",
      String.raw`      test: ["CMD-SHELL", "REDISCLI_AUTH=\"$$(cat /run/secrets/redis_password)\" redis-cli ping"]`,
    ],
  ])('allows %s', (_what, text) => {
    expect(flagged(text)).toEqual([]);
  });

  it('locates each finding by file and line', () => {
    const problems = secretArgumentsIn('stack/x.sh', '#!/bin/sh\nset -eu\nhtpasswd -b f user "$PW"\n');
    expect(problems.map((p) => `${p.file} ${p.where}`)).toEqual(['stack/x.sh line 3']);
  });
});
