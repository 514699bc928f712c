import { Agent, request } from 'node:https';

/** What one request came to. A connection error, a timeout or a 5xx is a failure. */
export type Outcome = 'ok' | 'client_error' | 'http_5xx' | 'connection_error' | 'timeout';
export type Op = 'vessels' | 'latest' | 'ingest' | 'port_call' | 'port_call_event';
export const readOps: readonly Op[] = ['vessels', 'latest'];

export interface Sample {
  op: Op;
  /** ms since the load started, when the request was sent / answered. */
  sentAt: number;
  doneAt: number;
  status: number;
  outcome: Outcome;
  /** nginx's X-Api-Service: which API service answered (api, api-blue, api-green). */
  service?: string;
  /** The API's X-Api-Host: which replica (container) answered; absent when nginx answered alone. */
  host?: string;
  /**
   * Why it failed, for failures only: the error body's `reason` and `error` (`database_unavailable:
   * the database is unavailable; retry shortly`), `nginx` for nginx's own error page, the socket
   * error code, or `timeout`.
   */
  code?: string;
  /** Sent again on a new connection once: its kept-alive connection was closed under it. */
  resent?: boolean;
}

export interface Acknowledged {
  /** `mmsi|ts|lat|lon` of every position report answered 2xx. */
  positions: string[];
  portCalls: number[];
  /** `id|type` of every port-call event answered 2xx. */
  events: string[];
}

export interface LoadOptions {
  port: number;
  ca: Buffer;
  token: string;
  /** Vessels that exist (their MMSIs and ids): position reports for all, port calls for the
   * ones in portCallVessels (a vessel has one open call at a time). */
  vessels: Array<{ id: number; mmsi: string }>;
  portCallVessels: number[];
  /** Requests per second. */
  rate: number;
  /** Hard bounds: the load stops by itself at whichever comes first. */
  maxSeconds: number;
  maxRequests?: number;
  timeoutMs?: number;
}

const isFailure = (o: Outcome) => o === 'http_5xx' || o === 'connection_error' || o === 'timeout';
export { isFailure };

/**
 * Continuous mixed load through nginx's published HTTPS port on 127.0.0.1 (never a container's
 * address): 40 % vessel list, 30 % latest positions, 20 % position ingest, 10 % port calls
 * (announce, record the arrival, cancel: each vessel has one open call at a time). Records every answer and every acknowledged write;
 * bounded in time and count, it stops by itself.
 */
export class LoadGenerator {
  readonly samples: Sample[] = [];
  readonly acknowledged: Acknowledged = { positions: [], portCalls: [], events: [] };
  private readonly marks = new Map<string, number>();
  private readonly agent: Agent;
  /** For resends: a new connection each time, never another kept-alive one that may be stale too. */
  private readonly freshAgent: Agent;
  private started = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private sent = 0;
  private seq = 0;
  /** Open port calls and the event each takes next; vessels free for a new call. */
  private readonly nextEvents: Array<{ id: number; vessel: number; type: 'arrived' | 'cancelled' }> = [];
  private freeVessels: number[] = [];
  private stopped: Promise<void> | undefined;
  private resolveStopped: (() => void) | undefined;

  constructor(private readonly options: LoadOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 64, ca: options.ca });
    this.freshAgent = new Agent({ keepAlive: false, ca: options.ca });
  }

  now() {
    return performance.now() - this.started;
  }

  mark(name: string) {
    this.marks.set(name, this.now());
  }

  markAt(name: string) {
    return this.marks.get(name);
  }

  start() {
    this.started = performance.now();
    this.freeVessels = [...this.options.portCallVessels];
    const rate = this.options.rate;
    const maxRequests = this.options.maxRequests ?? Math.ceil(rate * this.options.maxSeconds);
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
    // Every 10 ms, send what the rate says is due since the start.
    this.timer = setInterval(() => {
      const due = Math.min(maxRequests, Math.floor((this.now() / 1000) * rate));
      if (this.now() >= this.options.maxSeconds * 1000 || this.sent >= maxRequests) {
        void this.stop();
        return;
      }
      while (this.sent < due) this.sendOne();
    }, 10);
    return this;
  }

  /** Stops sending and waits for the answers still in flight. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.inFlight);
    this.agent.destroy();
    this.freshAgent.destroy();
    this.resolveStopped?.();
  }

  /** Resolves when the load stopped (by stop() or its bounds). */
  done() {
    return this.stopped ?? Promise.resolve();
  }

  private sendOne() {
    this.sent += 1;
    const n = this.seq++;
    const pick = n % 10;
    const vessel = this.options.vessels[n % this.options.vessels.length]!;
    let p: Promise<void>;
    if (pick < 4) p = this.call('vessels', 'GET', '/api/v1/vessels?limit=20');
    else if (pick < 7) p = this.call('latest', 'GET', '/api/v1/positions/latest');
    else if (pick < 9) {
      // Reported just now (an old timestamp would read as ingest lag and raise
      // PositionIngestLagHigh); the sequence number makes lat/lon, and so the key, unique.
      const ts = Date.now() - (n % 1000);
      const lat = Number((36 + (n % 10_000) / 10_000).toFixed(4));
      const lon = Number((-5.4 + (n % 7919) / 10_000).toFixed(4));
      const key = `${vessel.mmsi}|${ts}|${lat}|${lon}`;
      p = this.call(
        'ingest',
        'POST',
        '/api/v1/positions',
        [{ mmsi: vessel.mmsi, ts: new Date(ts).toISOString(), lat, lon, sog: 5, cog: 90, heading: 90 }],
        () => this.acknowledged.positions.push(key),
      );
    } else {
      const step = this.nextEvents.shift();
      const vesselId = step ? undefined : this.freeVessels.shift();
      if (step)
        p = this.call(
          'port_call_event',
          'POST',
          `/api/v1/port-calls/${step.id}/events`,
          { type: step.type, at: new Date().toISOString() },
          () => {
            this.acknowledged.events.push(`${step.id}|${step.type}`);
            if (step.type === 'arrived') this.nextEvents.push({ ...step, type: 'cancelled' });
            else this.freeVessels.push(step.vessel);
          },
        );
      else if (vesselId !== undefined)
        p = this.call(
          'port_call',
          'POST',
          '/api/v1/port-calls',
          { vessel_id: vesselId, eta: new Date(Date.now() + 3600_000).toISOString() },
          (text) => {
            const id = (JSON.parse(text) as { id: number }).id;
            this.acknowledged.portCalls.push(id);
            this.nextEvents.push({ id, vessel: vesselId, type: 'arrived' });
          },
        );
      // Every port-call vessel busy (a step failed and left its call open): a read instead.
      else p = this.call('vessels', 'GET', '/api/v1/vessels?limit=20');
    }
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private call(
    op: Op,
    method: string,
    path: string,
    body?: unknown,
    onAck?: (body: string) => void,
    resent = false,
    sentAt = this.now(),
  ): Promise<void> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (status: number, outcome: Outcome, answer: Partial<Sample> = {}) => {
        if (settled) return;
        settled = true;
        this.samples.push({
          op,
          sentAt,
          doneAt: this.now(),
          status,
          outcome,
          ...Object.fromEntries(Object.entries(answer).filter(([, v]) => v !== undefined)),
          ...(resent ? { resent } : {}),
        });
        resolve();
      };
      let answered = false;
      const req = request(
        {
          host: '127.0.0.1',
          port: this.options.port,
          path,
          method,
          agent: resent ? this.freshAgent : this.agent,
          timeout: this.options.timeoutMs ?? 10_000,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          answered = true;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          const answer = {
            service: res.headers['x-api-service'] as string | undefined,
            host: res.headers['x-api-host'] as string | undefined,
          };
          res.on('error', (err: NodeJS.ErrnoException) =>
            finish(res.statusCode ?? 0, 'connection_error', {
              ...answer,
              code: err.code ?? 'response_error',
            }),
          );
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 500) return finish(status, 'http_5xx', { ...answer, code: errorCode(text) });
            if (status >= 400) return finish(status, 'client_error', answer);
            try {
              onAck?.(text);
            } catch {
              /* an acknowledgement without the id we need: counted as answered, not as acknowledged */
            }
            finish(status, 'ok', answer);
          });
        },
      );
      req.on('timeout', () => {
        finish(0, 'timeout', { code: 'timeout' });
        req.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed while idle (nginx's old workers do at a
        // reload) can take a request just before its close arrives: the request was never read.
        // Node's documented answer (http.ClientRequest#reusedSocket) is to send it again on a new
        // connection; browsers do the same. Once, and counted: the sample says it was resent.
        const stale = req.reusedSocket && !answered && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        if (stale && !resent && !settled) {
          settled = true;
          void this.call(op, method, path, body, onAck, true, sentAt).then(resolve);
          return;
        }
        finish(0, 'connection_error', { code: err.code ?? 'connection_error' });
      });
      req.end(payload);
    });
  }
}

/** What a failed answer's body says about why: the API's `reason` and `error`, else who answered. */
export function errorCode(body: string): string {
  try {
    const parsed = JSON.parse(body) as { reason?: unknown; error?: unknown };
    const said = [parsed.reason, parsed.error].filter((x) => typeof x === 'string');
    return said.length ? said.join(': ') : 'json without reason or error';
  } catch {
    return /<center>nginx<\/center>/.test(body) ? 'nginx' : 'not json';
  }
}
