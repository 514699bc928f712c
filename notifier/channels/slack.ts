import { createHash } from 'node:crypto';
import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import type { Receiver, ReceiverChannels } from '../config.ts';
import type { Notice } from '../rendering/notice.ts';
import { slackMessage } from '../rendering/slack-blocks.ts';
import type { Channel } from './channel.ts';
import { PermanentError, TransientError } from './errors.ts';

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Slack incoming webhooks through @slack/webhook, one webhook URL per receiver. */
export class SlackChannel implements Channel {
  readonly name = 'slack';

  constructor(
    private readonly channels: Record<Receiver, ReceiverChannels>,
    private readonly timeoutMs: number,
  ) {}

  private url(receiver: Receiver): string | undefined {
    return this.channels[receiver].slackWebhookUrl;
  }

  target(receiver: Receiver): string | undefined {
    const url = this.url(receiver);
    // The URL is a secret: the key names it by hash only.
    return url && `slack:${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
  }

  async send(receiver: Receiver, notice: Notice): Promise<void> {
    const url = this.url(receiver);
    if (!url) throw new PermanentError(`no Slack webhook configured for receiver ${receiver}`);
    let retryAfter: string | null = null;
    const webhook = new IncomingWebhook(url, {
      timeout: this.timeoutMs,
      // The library drops response headers from its errors; keep Retry-After on the way through.
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        retryAfter = response.headers.get('retry-after');
        return response;
      },
    });
    try {
      await webhook.send(slackMessage(notice));
    } catch (err) {
      if (err instanceof IncomingWebhookHTTPError) {
        const what = `Slack answered ${err.statusCode}${err.body ? `: ${String(err.body).slice(0, 200)}` : ''}`;
        if (err.statusCode === 429) throw new TransientError(what, parseRetryAfter(retryAfter));
        if (err.statusCode >= 500) throw new TransientError(what);
        throw new PermanentError(what);
      }
      throw new TransientError(`Slack unreachable: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {}
}
