import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait.ts';

/** How the receiver answers: Slack's incoming-webhook behaviours, plus silence. */
export type SlackMode =
  | { kind: 'ok' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'error'; status: number; body?: string }
  | { kind: 'hang' };

export interface SlackRequest {
  path: string;
  at: number;
  body: unknown;
  status: number | 'no answer';
}

export interface SlackMessage {
  path: string;
  at: number;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
}

export interface SlackReceiver {
  /** A webhook URL on this receiver; `name` tells channels apart (`/services/<name>`). */
  webhookUrl(name?: string): string;
  /** Messages answered 200 `ok`: what Slack would have posted. */
  readonly messages: SlackMessage[];
  /** Every request, with the answer given. */
  readonly requests: SlackRequest[];
  setMode(mode: SlackMode): void;
  /** Answers the next requests with these modes, in order, then falls back to the current mode. */
  queue(...modes: SlackMode[]): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<SlackMessage[]>;
  close(): Promise<void>;
}

/**
 * A local HTTP server speaking Slack's incoming-webhook contract: POST JSON with `text` and/or
 * `blocks`; 200 `ok`; 400 `invalid_payload` / `invalid_blocks` for malformed messages; 429
 * `rate_limited` with Retry-After; or any status, or no answer at all, on demand.
 */
export async function startSlackReceiver(): Promise<SlackReceiver> {
  let mode: SlackMode = { kind: 'ok' };
  const queued: SlackMode[] = [];
  const messages: SlackMessage[] = [];
  const requests: SlackRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const record: SlackRequest = {
      path: req.url ?? '/',
      at: Date.now(),
      body: undefined,
      status: 'no answer',
    };
    requests.push(record);
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
    };
    if (req.method !== 'POST') return answer(405, 'invalid_method');
    try {
      record.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(400, 'invalid_payload');
    }
    const current = queued.shift() ?? mode;
    if (current.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (current.kind === 'rate-limited')
      return answer(429, 'rate_limited', { 'retry-after': String(current.retryAfterSeconds) });
    if (current.kind === 'error') return answer(current.status, current.body ?? 'error');
    const problem = contractProblem(record.body);
    if (problem) return answer(400, problem);
    const body = record.body as { text?: string; blocks?: Array<Record<string, unknown>> };
    messages.push({ path: record.path, at: record.at, ...body });
    answer(200, 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    webhookUrl: (name = 'T000/B000/XXXX') => `${base}/services/${name}`,
    messages,
    requests,
    setMode: (next) => {
      mode = next;
    },
    queue: (...modes) => {
      queued.push(...modes);
    },
    waitForMessages: (count, timeoutMs = 10_000) =>
      waitFor(
        () => messages.length >= count && messages,
        `${count} Slack message(s), got ${messages.length}`,
        timeoutMs,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The checks Slack applies that a sender can get wrong. */
function contractProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'invalid_payload';
  const { text, blocks } = body as { text?: unknown; blocks?: unknown };
  if (text === undefined && blocks === undefined) return 'no_text';
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Array<Record<string, unknown>>) {
    if (typeof block?.type !== 'string') return 'invalid_blocks';
    const text = block.text as { text?: string } | undefined;
    if (block.type === 'header' && (text?.text?.length ?? 0) > 150) return 'invalid_blocks';
    if (block.type === 'section' && Array.isArray(block.fields) && block.fields.length > 10)
      return 'invalid_blocks';
  }
  return undefined;
}
