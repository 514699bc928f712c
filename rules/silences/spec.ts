/** One matcher of a declared silence, with its operator spelled as in PromQL. */
export interface SilenceMatcherSpec {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface SilenceSpec {
  /** Stable, lower-case with dashes: how the reconciler recognises the silence it made. */
  name: string;
  matchers: readonly SilenceMatcherSpec[];
  /** Who answers for it while it lasts. */
  owner: string;
  reason: string;
  /** The ticket or change that explains it (e.g. OPS-1234). */
  ticket: string;
  /** ISO 8601 with a time zone; at most 14 days after the change that adds or extends it. */
  endsAt: string;
  /** Required when the silence can mute a critical alert (a page): why that is acceptable. */
  mutesCriticalBecause?: string;
}

/** The longest a declared silence may run: a longer one outlives the reason it was made for. */
export const maxSilenceDays = 14;
