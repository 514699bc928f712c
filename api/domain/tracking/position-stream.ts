import type { Response } from 'express';
import type { Logger } from 'pino';
import type { Gauge } from 'prom-client';
import { HttpError } from '../../../lib/http/errors.ts';
import type { Cache } from '../../platform/cache.ts';
import type { LatestPosition } from './store.ts';

const channel = 'positions';
const defaultHeartbeatMs = 15_000;
const resubscribeMs = 1000;
// After a publish nobody received, skip serialising for this long; a client on another replica
// may wait that long for its first event, a client on this one does not.
const idleSkipMs = 1000;

export interface StreamLimits {
  /** Open streams on this replica. */
  maxClients: number;
  /** Open streams of one user on this replica. */
  maxPerUser: number;
  /** Bytes queued for one client before it counts as too slow and is dropped. */
  bufferBytes: number;
  /** Between two heartbeats (comment lines that keep proxies from closing an idle stream); 15 s. */
  heartbeatMs?: number;
}

export interface StreamClient {
  userId: number;
  /** The token version of its credential: a stream of a revoked token is closed. */
  version: number;
  /** The stream ends when the token (or the ticket's token) does. */
  untilMs: number;
}

/** Whether a user's token version is still current (auth/token-versions.ts). */
export interface CredentialCheck {
  accepts(userId: number, version: number): Promise<boolean>;
}

/**
 * Server-sent events of position updates, across replicas: ingest publishes the changed latest
 * positions on the cache's channel; each replica subscribes only while it has clients and writes
 * one `position` event per vessel to each of them. Bounded everywhere: streams per replica and per
 * user, bytes queued per client (a slow client is dropped, not buffered), a stream's life (its
 * token's, and no longer than a heartbeat past its token's revocation). A failed subscription is
 * retried while clients wait; a malformed message is dropped.
 */
export class PositionStream {
  private readonly clients = new Map<Response, StreamClient>();
  private subscription?: Promise<(() => Promise<void>) | undefined>;
  private heartbeat?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private idleSince = 0;
  /** Bumped by every start and stop: a subscription attempt of an earlier run retries nothing. */
  private generation = 0;

  /**
   * `inFlight` (when the HTTP metrics run) stops counting a stream once it is open: a live board
   * holds its request for hours and would otherwise read as a stuck request.
   */
  constructor(
    private readonly cache: Cache,
    private readonly logger: Logger,
    private readonly limits: StreamLimits,
    private readonly inFlight?: Gauge,
    private readonly credentials?: CredentialCheck,
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

  /**
   * Refuses over the caps; subscribes first (for the first client), so it misses nothing after
   * ": connected". While it waits for the subscription (Redis slow or away: a retry may be under
   * way) the last other client may leave, which stops the heartbeat and the subscription: then it
   * starts them again rather than join a stream with neither.
   */
  async add(res: Response, client: StreamClient): Promise<void> {
    this.admit(client.userId);
    do {
      if (!this.subscription) this.start();
      await this.subscription;
      if (res.destroyed) {
        if (this.clients.size === 0) this.stop();
        return;
      }
    } while (!this.subscription);
    this.admit(client.userId); // others may have joined while this one waited
    res.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(': connected\n\n');
    this.clients.set(res, client);
    this.inFlight?.dec();
    const expiry = setTimeout(() => this.end(res), Math.max(0, client.untilMs - Date.now()));
    expiry.unref();
    res.on('close', () => {
      clearTimeout(expiry);
      this.remove(res);
    });
  }

  /** Ends every stream: shutdown calls it so the HTTP server can close. */
  closeAll(): void {
    for (const res of [...this.clients.keys()]) this.end(res);
    this.stop();
  }

  private admit(userId: number): void {
    if (this.clients.size >= this.limits.maxClients)
      throw new HttpError(503, 'this replica serves its maximum of live streams; retry shortly', {
        reason: 'stream_capacity',
        headers: { 'Retry-After': '5' },
      });
    let mine = 0;
    for (const c of this.clients.values()) if (c.userId === userId) mine++;
    if (mine >= this.limits.maxPerUser)
      throw new HttpError(429, `at most ${this.limits.maxPerUser} live streams per user; close one first`, {
        reason: 'too_many_streams',
        headers: { 'Retry-After': '5' },
      });
  }

  /**
   * Closes the streams whose token was revoked (user disabled, re-roled, password reset), one
   * check per user and version. A failed check keeps the stream: a database blip must not drop
   * every live board; the next heartbeat checks again.
   */
  private async endRevoked(): Promise<void> {
    if (!this.credentials) return;
    const verdicts = new Map<string, Promise<boolean>>();
    for (const [res, c] of [...this.clients]) {
      const key = `${c.userId}:${c.version}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        verdict = this.credentials.accepts(c.userId, c.version).catch(() => true);
        verdicts.set(key, verdict);
      }
      if (!(await verdict)) this.end(res);
    }
  }

  private end(res: Response): void {
    this.remove(res);
    res.end();
  }

  private remove(res: Response): void {
    if (!this.clients.delete(res)) return;
    // The metrics middleware decrements when the response closes: give it back its count.
    this.inFlight?.inc();
    if (this.clients.size === 0) this.stop();
  }

  private start(): void {
    this.idleSince = 0;
    const generation = ++this.generation;
    this.subscription = this.subscribe(generation);
    this.heartbeat = setInterval(() => {
      this.write(': heartbeat\n\n');
      void this.endRevoked();
    }, this.limits.heartbeatMs ?? defaultHeartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Resolves either way: clients are served, and a failed subscription is retried while they wait,
   * unless the stream stopped (or stopped and started again) meanwhile.
   */
  private async subscribe(generation: number): Promise<(() => Promise<void>) | undefined> {
    try {
      return await this.cache.subscribe(channel, (message) => this.fanOut(message));
    } catch (err) {
      if (generation !== this.generation) return undefined;
      this.logger.warn({ err }, 'position stream subscription failed; retrying');
      this.retry = setTimeout(() => {
        if (generation === this.generation && this.clients.size > 0)
          this.subscription = this.subscribe(generation);
      }, resubscribeMs);
      this.retry.unref();
      return undefined;
    }
  }

  private stop(): void {
    this.generation++;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    clearTimeout(this.retry);
    const pending = this.subscription;
    this.subscription = undefined;
    pending?.then((off) => off?.()).catch(() => undefined);
  }

  /** Messages come from a shared channel: anything but an array of position objects is dropped. */
  private fanOut(message: string): void {
    let rows: unknown;
    try {
      rows = JSON.parse(message);
    } catch {
      rows = undefined;
    }
    if (!Array.isArray(rows)) {
      this.logger.warn('dropped a malformed message on the positions channel');
      return;
    }
    let chunk = '';
    for (const row of rows)
      if (row !== null && typeof row === 'object' && typeof (row as LatestPosition).mmsi === 'string')
        chunk += `event: position\ndata: ${JSON.stringify(row)}\n\n`;
    if (chunk) this.write(chunk);
  }

  private write(chunk: string): void {
    for (const res of [...this.clients.keys()]) {
      if (res.writableLength > this.limits.bufferBytes) {
        this.logger.warn('dropping a position stream client that does not keep up');
        this.end(res);
        continue;
      }
      res.write(chunk);
    }
  }
}
