import nodemailer, { type Transporter } from 'nodemailer';
import type { Receiver, ReceiverChannels } from '../config.ts';
import { emailBody } from '../rendering/email-body.ts';
import type { Notice } from '../rendering/notice.ts';
import type { Channel } from './channel.ts';
import { PermanentError, TransientError } from './errors.ts';

export interface EmailSettings {
  smtpUrl: string;
  from: string;
  channels: Record<Receiver, ReceiverChannels>;
  timeoutMs: number;
}

/** Email through one pooled nodemailer SMTP transport; recipients per receiver. */
export class EmailChannel implements Channel {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(private readonly settings: EmailSettings) {
    this.transport = nodemailer.createTransport({
      url: settings.smtpUrl,
      pool: true,
      maxConnections: 2,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
    });
  }

  target(receiver: Receiver): string | undefined {
    return this.settings.channels[receiver].emailTo.length ? 'email:smtp' : undefined;
  }

  async send(receiver: Receiver, notice: Notice): Promise<void> {
    const to = this.settings.channels[receiver].emailTo;
    if (!to.length) throw new PermanentError(`no email recipients configured for receiver ${receiver}`);
    const body = emailBody(notice);
    try {
      // nodemailer's timeouts are per phase: a relay that trickles its replies never trips them.
      // One deadline for the whole send (the worker's lease outlives it) closes the connection
      // mid-delivery, so a send given up on can never complete later beside its retry.
      await this.transport.sendMail({
        from: this.settings.from,
        to,
        ...body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (err) {
      const { responseCode, message } = err as { responseCode?: number; message: string };
      // 5xx replies are the server's final word (unknown mailbox, refused sender); anything else may pass later.
      if (responseCode && responseCode >= 500) throw new PermanentError(`SMTP ${responseCode}: ${message}`);
      throw new TransientError(`SMTP unavailable: ${message}`);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
