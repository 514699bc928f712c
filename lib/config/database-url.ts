import { type Env, readSecret } from './env.ts';

/**
 * DATABASE_URL (or DATABASE_URL_FILE) with its host replaced by PORTTRACK_DATABASE_HOST when
 * that is set. The URL is a Docker secret (it carries the password) and secrets cannot change in
 * place: after a standby is promoted, stack/scripts/promote-standby.sh --swarm points every
 * service at it with `docker service update --env-add PORTTRACK_DATABASE_HOST=postgres-standby`.
 * A URL that does not parse is returned as it is, for the schema to name the problem.
 */
export function readDatabaseUrl(env: Env): string | undefined {
  const url = readSecret(env, 'DATABASE_URL');
  const host = env.PORTTRACK_DATABASE_HOST?.trim();
  if (!url || !host || !URL.canParse(url)) return url;
  const parsed = new URL(url);
  parsed.hostname = host;
  return parsed.toString();
}
