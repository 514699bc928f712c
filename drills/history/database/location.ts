/**
 * The 30-day history's PostgreSQL database: PORTTRACK_HISTORY_DATABASE_URL, else
 * `porttrack_history` on the machine's PostgreSQL (the same server the tests use). It is
 * dropped and rebuilt whenever it is not the current history, so it must be a database of its own.
 */
export function historyDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.PORTTRACK_HISTORY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/porttrack_history';
}
