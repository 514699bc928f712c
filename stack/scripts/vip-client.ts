// A client at a steady rate against one address, as users arriving: every request is a new
// connection (no keep-alive to a dead node) with a short timeout, and what answered is noted.
import { request } from 'node:http';

export interface Answer {
  sentAt: number;
  doneAt: number;
  /** The node's name from its page, or undefined when the request failed or timed out. */
  node?: string;
}

/** GET / on port 80: the node's name, or undefined when it failed. */
export function getPage(host: string, timeoutMs = 1000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host, port: 80, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 ? body.trim() : undefined));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export class SteadyClient {
  readonly answers: Answer[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private host: string,
    private perSecond = 20,
    private timeoutMs = 500,
  ) {}

  start() {
    this.timer = setInterval(() => {
      const sentAt = Date.now();
      const done: Promise<void> = getPage(this.host, this.timeoutMs).then((node) => {
        this.answers.push({ sentAt, doneAt: Date.now(), node });
        this.inFlight.delete(done);
      });
      this.inFlight.add(done);
    }, 1000 / this.perSecond);
  }

  async stop() {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
  }

  /** Polls until an answer from `node` arrives after `since`, or the deadline passes. */
  async firstAnswerFrom(node: string, since: number, deadlineMs: number): Promise<Answer | undefined> {
    const end = Date.now() + deadlineMs;
    for (;;) {
      const hit = this.answers.find((a) => a.node === node && a.doneAt >= since);
      if (hit || Date.now() > end) return hit;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** The failover as a user sees it: from the loss to the first answer of the survivor, and what failed between. */
export function gapAfter(answers: Answer[], lostAt: number, survivor: string) {
  const first = answers
    .filter((a) => a.node === survivor && a.doneAt >= lostAt)
    .sort((a, b) => a.doneAt - b.doneAt)[0];
  const failed = answers.filter((a) => a.node === undefined && a.doneAt >= lostAt).length;
  return { gapMs: first ? first.doneAt - lostAt : undefined, failed };
}
