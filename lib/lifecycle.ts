import type { Server } from 'node:http';
import type { Logger } from 'pino';

type Step = { name: string; run: () => Promise<void> | void };

/**
 * Graceful shutdown: on SIGTERM/SIGINT readiness turns 503 at once; during the drain period
 * (drainMs) the HTTP server keeps accepting and answering, each answer closing its connection;
 * then it stops accepting and lets in-flight requests finish, and the registered steps (pools,
 * timers) run in reverse order of registration. A hard deadline bounds the whole thing.
 *
 * Why drain: Swarm takes a stopping task out of DNS, but nginx keeps the addresses it resolved
 * for its resolver's validity (`valid=5s`): a listener closed at SIGTERM would refuse requests
 * still routed to it. Keeping it open for longer than that lets those requests land.
 */
export class Lifecycle {
  shuttingDown = false;
  private readonly steps: Step[] = [];
  private readonly servers: Server[] = [];
  private stopping?: Promise<void>;
  /** Set once a server answers requests: a start that failed before that has nothing to drain. */
  private serving = false;

  constructor(
    private readonly logger: Logger,
    private readonly graceMs = 10_000,
    private readonly drainMs = 0,
  ) {}

  /**
   * Once shutting down, every answer of this server carries `Connection: close`, so keep-alive
   * clients reconnect (to another replica) instead of reusing a connection about to close.
   */
  closeKeepAliveWhenStopping(server: Server): void {
    this.serving = true;
    server.prependListener('request', (_req, res) => {
      if (this.shuttingDown) res.shouldKeepAlive = false;
    });
  }

  /** Registers cleanup, run last-registered first. */
  onStop(name: string, run: Step['run']): void {
    this.steps.push({ name, run });
  }

  /** Servers stop accepting and drain their in-flight requests before any other step runs. */
  closeServerOnStop(server: Server): void {
    this.servers.push(server);
  }

  handleSignals(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.logger.info({ signal }, 'shutting down');
      const deadline = setTimeout(() => {
        this.logger.error({ grace_ms: this.graceMs }, 'grace period over, exiting with work unfinished');
        exit(1);
      }, this.graceMs);
      deadline.unref();
      this.stop().then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  stop(): Promise<void> {
    this.stopping ??= this.runSteps();
    return this.stopping;
  }

  private async runSteps(): Promise<void> {
    this.shuttingDown = true;
    if (this.drainMs > 0 && this.serving) {
      this.logger.info({ drain_ms: this.drainMs }, 'draining: still serving, readiness 503');
      await new Promise((resolve) => setTimeout(resolve, this.drainMs));
    }
    let failed = false;
    const serverSteps = this.servers.map((server) => ({
      name: 'http server',
      run: () => closeServer(server),
    }));
    for (const step of [...serverSteps, ...[...this.steps].reverse()]) {
      try {
        await step.run();
      } catch (err) {
        failed = true;
        this.logger.error({ err, step: step.name }, 'shutdown step failed');
      }
    }
    if (failed) throw new Error('shutdown incomplete');
  }
}

/**
 * Stops accepting, then keeps closing connections as they go idle: a keep-alive connection whose
 * last request finishes after close() would otherwise hold the server open until its timeout.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close((err) => {
      clearInterval(sweep);
      if (err) reject(err);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
