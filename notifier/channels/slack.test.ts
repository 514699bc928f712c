import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackReceiver, startSlackReceiver } from '../../lib/testing/slack-receiver.ts';
import type { Receiver, ReceiverChannels } from '../config.ts';
import { alertNotice } from '../rendering/alert-notice.ts';
import { webhookPayload } from '../testing/fixtures.ts';
import { PermanentError, TransientError } from './errors.ts';
import { parseRetryAfter, SlackChannel } from './slack.ts';

let slack: SlackReceiver;
let channel: SlackChannel;
/** Short timeout, only for the no-answer case: under load a real answer can take longer. */
let impatient: SlackChannel;
const notice = alertNotice(webhookPayload(), {
  grafanaUrl: 'https://grafana.test',
  alertmanagerUrl: 'https://am.test',
});

beforeAll(async () => {
  slack = await startSlackReceiver();
  const channels = {
    oncall: { slackWebhookUrl: slack.webhookUrl('oncall'), emailTo: [] },
    platform: { emailTo: [] },
    'port-managers': { emailTo: [] },
    deadman: { emailTo: [] },
  } as Record<Receiver, ReceiverChannels>;
  channel = new SlackChannel(channels, 5000);
  impatient = new SlackChannel(channels, 300);
});
afterAll(() => slack.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: Error) => err,
  );

describe('SlackChannel', () => {
  it('posts Block Kit with the alert content and its links', async () => {
    await channel.send('oncall', notice);
    const message = slack.messages.at(-1)!;
    expect(message.path).toBe('/services/oncall');
    expect(message.text).toBe('🔴 [FIRING:1] ApiHighErrorRate (api)');
    expect(message.blocks![0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔴 [FIRING:1] ApiHighErrorRate (api)' },
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('API error rate is above 5%.');
    expect(json).toContain('*Value*\\n12%');
    const buttons = message
      .blocks!.filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Array<{ url: string; text: { text: string } }>);
    expect(buttons.map((b) => b.text.text)).toEqual(['Runbook', 'Dashboard', 'Silence', 'Graph']);
    expect(buttons[1]!.url).toMatch(
      /^https:\/\/grafana\.test\/d\/porttrack-api\?viewPanel=3&from=\d+&to=\d+$/,
    );
  });

  it('turns 429 into a retry with the Retry-After delay', async () => {
    slack.queue({ kind: 'rate-limited', retryAfterSeconds: 7 });
    const err = await failure(channel.send('oncall', notice));
    expect(err).toBeInstanceOf(TransientError);
    expect((err as TransientError).retryAfterMs).toBe(7000);
  });

  it('retries 5xx and silence, dead-letters other 4xx with Slack’s reason', async () => {
    slack.queue({ kind: 'error', status: 500, body: 'internal_error' });
    expect(await failure(channel.send('oncall', notice))).toBeInstanceOf(TransientError);
    slack.queue({ kind: 'hang' });
    const timeout = await failure(impatient.send('oncall', notice));
    expect(timeout).toBeInstanceOf(TransientError);
    slack.queue({ kind: 'error', status: 404, body: 'channel_not_found' });
    const gone = await failure(channel.send('oncall', notice));
    expect(gone).toBeInstanceOf(PermanentError);
    expect((gone as Error).message).toBe('Slack answered 404: channel_not_found');
    expect(await failure(channel.send('platform', notice))).toBeInstanceOf(PermanentError);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
