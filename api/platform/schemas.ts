import { z } from 'zod';

// Building blocks for request schemas: every field is bounded so hostile input stops at 400.

/** Printable text: no NUL or other control characters (PostgreSQL refuses NUL in text). */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !hasControlCharacter(s), 'control characters are not allowed');

/** A search term for `?q=`. */
export const search = z
  .string()
  .max(100)
  .refine((s) => !hasControlCharacter(s), 'control characters are not allowed');

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const minInstant = Date.UTC(2000, 0, 1);
const maxInstant = Date.UTC(2100, 0, 1);
/** An ISO 8601 instant with a zone, between 2000 and 2100, as a Date. */
export const instant = z.iso
  .datetime({
    offset: true,
    message: 'expected an ISO 8601 date-time with a zone, e.g. 2026-01-01T10:00:00Z',
  })
  .transform((s) => new Date(s))
  .refine((d) => d.getTime() >= minInstant && d.getTime() < maxInstant, 'must be between 2000 and 2100');

/** A database id in a JSON body: a JSON integer, never `true` or `"1"`. */
export const id = z
  .number({ message: 'expected a positive integer id' })
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER);
/** A database id in the path or query string: digits only (no `1e3`, `0x10` or spaces). */
export const queryId = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'expected a positive integer id')
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER, 'id too large'));
export const idParams = z.object({ id: queryId });

/** A query-string boolean. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

export const page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** An object schema that also refuses unknown keys, so typos are reported rather than ignored. */
export const strictObject = z.strictObject;

export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);
