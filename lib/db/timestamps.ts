import pg from 'pg';

// PostgreSQL sends timestamptz as text (`2026-06-01 08:00:00.123456+00`). pg's default parser
// (postgres-date) runs three regular expressions and builds the Date field by field; for the
// canonical form the server sends, V8's own ISO parser is several times cheaper and gives the
// same instant (sub-millisecond digits dropped, as before). Anything else (BC, infinity, odd
// offsets) still goes to the default parser.
const defaultParser = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => unknown;
const canonical = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?[+-]\d\d(?::\d\d)?$/;

export function parseTimestamptz(text: string): unknown {
  if (!canonical.test(text)) return defaultParser(text);
  // `+00` -> `+00:00`, the only offset form ISO 8601 (and Date) accepts.
  const iso = text.charCodeAt(text.length - 3) === 58 ? text : `${text}:00`;
  return new Date(`${text.slice(0, 10)}T${iso.slice(11)}`);
}
