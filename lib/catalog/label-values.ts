/**
 * The values a metric's label may take: part of the contract between a service and the rules
 * and panels that select on it. `npm run validate` checks every matcher against these, and the
 * services publish every combination of closed sets at 0 from the start, so that an alert on a
 * rare value sees its first occurrence (increase() cannot see a series born at 1).
 */
export type LabelValues =
  /** A closed set: every value is listed (and published at 0 from the start where all labels are closed). */
  | { readonly kind: 'closed'; readonly values: readonly string[] }
  /**
   * An open set with a known shape (HTTP status codes). `examples` are values the shape admits;
   * a regex matcher must select at least one of them.
   */
  | { readonly kind: 'pattern'; readonly pattern: RegExp; readonly examples: readonly string[] }
  /** Values that are data, not code (berth codes, versions): any value passes; say why. */
  | { readonly kind: 'open'; readonly why: string };

export const oneOf = (values: readonly string[]): LabelValues => ({ kind: 'closed', values });

export const shaped = (pattern: RegExp, examples: readonly string[]): LabelValues => ({
  kind: 'pattern',
  pattern,
  examples,
});

export const open = (why: string): LabelValues => ({ kind: 'open', why });

/** Every HTTP status code, 100 to 599, as the `status_code` label writes it. */
export const httpStatusCodes: readonly string[] = Array.from({ length: 500 }, (_, i) => String(100 + i));
