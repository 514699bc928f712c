import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../lib/testing/smtp-sink.ts';
import type { Receiver, ReceiverChannels } from '../config.ts';
import { alertNotice } from '../rendering/alert-notice.ts';
import { webhookPayload } from '../testing/fixtures.ts';
import { EmailChannel } from './email.ts';
import { PermanentError, TransientError } from './errors.ts';

let sink: SmtpSink;
let channel: EmailChannel;
const notice = alertNotice(webhookPayload(), {
  grafanaUrl: 'https://grafana.test',
  alertmanagerUrl: 'https://am.test',
});

beforeAll(async () => {
  sink = await startSmtpSink();
  const none = { emailTo: [] };
  const channels = {
    oncall: { emailTo: ['oncall@port.test', 'lead@port.test'] },
    platform: none,
    'port-managers': none,
    deadman: none,
  } as Record<Receiver, ReceiverChannels>;
  channel = new EmailChannel({
    smtpUrl: sink.url,
    from: 'PortTrack <alerts@port.test>',
    channels,
    // The deadline of a whole send (not a phase): generous, the suite runs on a loaded machine.
    timeoutMs: 10_000,
  });
});
afterAll(async () => {
  await channel.close();
  await sink.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: Error) => err,
  );

describe('EmailChannel', () => {
  it('sends HTML and text parts with the same content to the receiver’s recipients', async () => {
    await channel.send('oncall', notice);
    const [mail] = await sink.waitForMails(1);
    const { parsed, envelope } = mail!;
    expect(parsed.subject).toBe('[FIRING:1] ApiHighErrorRate (api)');
    expect(envelope.to).toEqual(['oncall@port.test', 'lead@port.test']);
    expect(parsed.from?.text).toContain('alerts@port.test');
    const html = String(parsed.html);
    const text = parsed.text ?? '';
    for (const piece of [
      'API error rate is above 5%.',
      'Route /vessels answers 12% 5xx',
      'Severity',
      'critical',
    ]) {
      expect(text).toContain(piece);
      expect(html).toContain(piece);
    }
    expect(text).toContain('Silence: https://am.test/#/silences/new?filter=');
    expect(html).toContain('href="https://am.test/#/silences/new?filter=');
  });

  it('retries while the relay is down, dead-letters a refused recipient', async () => {
    await sink.pause();
    expect(await failure(channel.send('oncall', notice))).toBeInstanceOf(TransientError);
    await sink.resume();
    sink.rejectRecipients(550);
    const refused = await failure(channel.send('oncall', notice));
    sink.rejectRecipients(undefined);
    expect(refused).toBeInstanceOf(PermanentError);
    expect((refused as Error).message).toMatch(/^SMTP 550/);
    await channel.send('oncall', notice);
    await sink.waitForMails(2);
  });

  it('reuses pooled connections', async () => {
    const before = sink.connections;
    await Promise.all(Array.from({ length: 6 }, () => channel.send('oncall', notice)));
    await sink.waitForMails(8);
    expect(sink.connections - before).toBeLessThanOrEqual(2);
  });
});
