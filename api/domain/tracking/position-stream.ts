import type { Response } from 'express';
import type { Logger } from 'pino';
import type { Gauge } from 'prom-client';
import type { Cache } from '../../platform/cache.ts';
import type { LatestPosition } from './store.ts';

const channel = 'positions';
const heartbeatMs = 15_000;
const maxBufferedBytes = 1 << 20;
// After a publish nobody received, skip serialising for this long; a client on another replica
// may wait that long for its first event, a client on this one does not.
const idleSkipMs = 1000;

/**
 * Server-sent events of position updates, across replicas: ingest publishes the changed latest
 * positions on the cache's channel; each replica subscribes only while it has clients and writes
 * one `position` event per vessel to each of them. Slow clients are dropped, not buffered.
 */
export class PositionStream {
  private readonly clients = new Set<Response>();
  private unsubscribe?: Promise<() => Promise<void>>;
  private heartbeat?: NodeJS.Timeout;
  private idleSince = 0;

  /**
   * `inFlight` (when the HTTP metrics run) stops counting a stream once it is open: a live board
   * holds its request for hours and would otherwise read as a stuck request.
   */
  constructor(
    private readonly cache: Cache,
    private readonly logger: Logger,
    private readonly inFlight?: Gauge,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  async publish(rows: readonly LatestPosition[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.clients.size === 0 && Date.now() - this.idleSince < idleSkipMs) return;
    const receivers = await this.cache.publish(channel, JSON.stringify(rows));
    this.idleSince = receivers === 0 ? Date.now() : 0;
  }

  /** Subscribes first (for the first client), so the client misses nothing after ": connected". */
  async add(res: Response): Promise<void> {
    if (!this.unsubscribe) this.start();
    await this.unsubscribe;
    if (res.destroyed) {
      if (this.clients.size === 0) this.stop();
      return;
    }
    res.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(': connected\n\n');
    this.clients.add(res);
    this.inFlight?.dec();
    res.on('close', () => this.remove(res));
  }

  /** Ends every stream: shutdown calls it so the HTTP server can close. */
  closeAll(): void {
    for (const res of [...this.clients]) {
      this.remove(res);
      res.end();
    }
    this.stop();
  }

  private remove(res: Response): void {
    if (!this.clients.delete(res)) return;
    // The metrics middleware decrements when the response closes: give it back its count.
    this.inFlight?.inc();
    if (this.clients.size === 0) this.stop();
  }

  private start(): void {
    this.idleSince = 0;
    this.unsubscribe = this.cache.subscribe(channel, (message) => this.fanOut(message));
    this.unsubscribe.catch((err: unknown) =>
      this.logger.error({ err }, 'position stream subscription failed'),
    );
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  private stop(): void {
    clearInterval(this.heartbeat);
    const pending = this.unsubscribe;
    this.unsubscribe = undefined;
    pending?.then((off) => off()).catch(() => undefined);
  }

  private fanOut(message: string): void {
    let rows: LatestPosition[];
    try {
      rows = JSON.parse(message) as LatestPosition[];
    } catch {
      return;
    }
    let chunk = '';
    for (const row of rows) chunk += `event: position\ndata: ${JSON.stringify(row)}\n\n`;
    this.write(chunk);
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (res.writableLength > maxBufferedBytes) {
        this.logger.warn('dropping a position stream client that does not keep up');
        res.end();
        this.remove(res);
        continue;
      }
      res.write(chunk);
    }
  }
}
