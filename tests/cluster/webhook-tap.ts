import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TappedWebhook {
  at: number;
  path: string;
  body: unknown;
  /** The HTTP status Alertmanager got back (502 when no replica answered). */
  status: number;
  /** The notifier's answer, e.g. `{status: "duplicate", kind: "duplicate"}`. */
  answer: unknown;
  /** Which upstream answered. */
  upstream?: string;
}

/**
 * What the Alertmanagers' webhooks meet before the notifier: an HTTP front that hands each request
 * to the next notifier replica in turn (a replica that refuses the connection is skipped, as a
 * client retrying another DNS record would) and records every webhook with the answer it got.
 * That record is the baseline: all Alertmanager sent, before the notifier's de-duplication.
 */
export interface WebhookTap {
  url: string;
  readonly webhooks: TappedWebhook[];
  setUpstreams(urls: string[]): void;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export async function startWebhookTap(upstreams: string[]): Promise<WebhookTap> {
  let targets = [...upstreams];
  let next = 0;
  const webhooks: TappedWebhook[] = [];
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const record: TappedWebhook = {
      at: Date.now(),
      path: req.url ?? '/',
      body: JSON.parse(raw.toString('utf8') || 'null'),
      status: 502,
      answer: undefined,
    };
    const order = targets.map((_, i) => targets[(next + i) % targets.length]!);
    next++;
    for (const upstream of order) {
      try {
        const answer = await fetch(`${upstream}${record.path}`, {
          method: 'POST',
          headers: {
            'content-type': req.headers['content-type'] ?? 'application/json',
            authorization: req.headers.authorization ?? '',
          },
          body: raw,
          signal: AbortSignal.timeout(10_000),
        });
        Object.assign(record, {
          status: answer.status,
          answer: await answer.json().catch(() => undefined),
          upstream,
        });
        break;
      } catch {
        // That replica is gone (restarting): the next one.
      }
    }
    webhooks.push(record);
    res.writeHead(record.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(record.answer ?? { error: 'no notifier replica answered' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    webhooks,
    setUpstreams: (urls) => (targets = [...urls]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
