/** Where the machinery reports what it does: one line per step, long steps with their duration. */
export type Log = (line: string) => void;

export const defaultLog: Log = (line) =>
  process.stdout.write(`[swarm-nodes ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Runs `body`, saying what it does first and how long it took after; returns its value and seconds. */
export async function step<T>(
  log: Log,
  what: string,
  body: () => Promise<T>,
): Promise<{ value: T; seconds: number }> {
  log(`${what} ...`);
  const started = performance.now();
  const value = await body();
  const seconds = (performance.now() - started) / 1000;
  log(`${what}: done in ${seconds.toFixed(1)} s`);
  return { value, seconds };
}
