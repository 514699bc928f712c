import type { Logger } from '../../lib/logger.ts';
import type { Receiver } from '../config.ts';
import { emailBody } from '../rendering/email-body.ts';
import type { Notice } from '../rendering/notice.ts';
import type { Channel } from './channel.ts';

/** Where notifications go when neither Slack nor email is configured (`npm start`): the log. */
export class LogChannel implements Channel {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

  target(): string {
    return 'log';
  }

  async send(receiver: Receiver, notice: Notice): Promise<void> {
    this.logger.info({ channel: 'log', receiver, notification: emailBody(notice).text }, notice.title);
  }

  async close(): Promise<void> {}
}
