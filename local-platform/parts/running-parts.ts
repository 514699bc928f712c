/** A part of the local platform that is up and can be stopped. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The parts of the local platform that are up, in the order they started. `stop()` stops them
 * in reverse: whatever depends on a part (Prometheus on what it scrapes, the clients on the API,
 * the API on PostgreSQL) is gone before that part, so each finishes its in-flight work against a
 * live one. Each stop is said, with how long it took when it was not quick.
 */
export class RunningParts {
  private readonly started: Array<{ name: string; part: Stoppable }> = [];

  constructor(private readonly say: (line: string) => void) {}

  add(name: string, part: Stoppable): void {
    this.started.push({ name, part });
  }

  async stop(): Promise<void> {
    for (let last = this.started.pop(); last; last = this.started.pop()) {
      const began = performance.now();
      await last.part.stop();
      const seconds = (performance.now() - began) / 1000;
      this.say(`${last.name} stopped${seconds >= 1 ? ` (${seconds.toFixed(1)} s)` : ''}`);
    }
  }
}
