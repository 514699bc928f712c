/** A failure worth retrying: the channel is down, slow, or asked us to wait. */
export class TransientError extends Error {
  constructor(
    message: string,
    /** The channel's own instruction (Slack's 429 Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** A failure that retrying cannot fix (a 4xx other than 429, a rejected recipient): dead-letter it. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}
