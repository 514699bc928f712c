import type { ChannelName, Receiver } from '../config.ts';
import type { Notice } from '../rendering/notice.ts';

/**
 * A place notifications go. `send` resolves when the channel accepted the message, and throws
 * TransientError (retry later) or PermanentError (dead-letter) otherwise.
 */
export interface Channel {
  readonly name: ChannelName;
  /** Rate-limit key (one per Slack webhook, one for the SMTP relay); undefined if not configured. */
  target(receiver: Receiver): string | undefined;
  send(receiver: Receiver, notice: Notice): Promise<void>;
  close(): Promise<void>;
}
