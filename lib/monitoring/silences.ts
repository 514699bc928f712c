/**
 * Silences as code: what the rules generator writes (stack/alertmanager/silences.json) and what
 * deploy.sh's reconciler reads. One Alertmanager matcher, as its API v2 spells it.
 */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false for `!=` and `!~`. */
  isEqual: boolean;
}

/** A declared silence as deployed: everything Alertmanager stores, and the name that owns it. */
export interface DeployedSilence {
  /** Stable name of the declaration (rules/silences/silences.ts). */
  name: string;
  matchers: SilenceMatcher[];
  /** ISO 8601. */
  endsAt: string;
  /** Reason, owner and ticket, with the name tag the reconciler finds its silences by. */
  comment: string;
}

/**
 * `createdBy` of every silence the reconciler makes. Silences with any other author are a
 * person's (made in Alertmanager's UI or with amtool) and are never changed or expired by it.
 */
export const silencesAsCodeAuthor = 'porttrack silences-as-code';

const tagPattern = /^\[silence:([a-z0-9-]+)\]/;

/** The comment of a deployed silence: its name tag first, then what a person reads. */
export const silenceComment = (name: string, text: string) => `[silence:${name}] ${text}`;

/** The declaration's name in a deployed silence's comment; undefined for a comment without one. */
export const silenceNameOf = (comment: string): string | undefined => tagPattern.exec(comment)?.[1];
