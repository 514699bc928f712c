import type { Logger } from '../../lib/logger.ts';
import { type ChannelName, type NotifierConfig, receivers } from '../config.ts';
import type { Channel } from './channel.ts';
import { EmailChannel } from './email.ts';
import { LogChannel } from './log.ts';
import { SlackChannel } from './slack.ts';

/** The channels this configuration enables: always the log, Slack and email when configured. */
export function createChannels(config: NotifierConfig, logger: Logger): Map<ChannelName, Channel> {
  const channels = new Map<ChannelName, Channel>([['log', new LogChannel(logger)]]);
  if (receivers.some((r) => config.channels[r].slackWebhookUrl))
    channels.set('slack', new SlackChannel(config.channels, config.worker.sendTimeoutMs));
  if (config.smtpUrl)
    channels.set(
      'email',
      new EmailChannel({
        smtpUrl: config.smtpUrl,
        from: config.emailFrom,
        channels: config.channels,
        timeoutMs: config.worker.sendTimeoutMs,
      }),
    );
  return channels;
}
