import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './timestamps.ts';

const original = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (t: string) => unknown;

describe('parseTimestamptz', () => {
  it('gives the same instant as pg’s default parser for what PostgreSQL sends', () => {
    const samples = [
      '2026-06-01 08:00:00+00',
      '2026-06-01 08:00:00.1+00',
      '2026-06-01 08:00:00.123+00',
      '2026-06-01 08:00:00.123456+00',
      '2026-06-01 08:00:00.999999-03',
      '2026-06-01 23:59:59.5+05:30',
      '2000-02-29 00:00:00+14',
      '1999-12-31 23:59:59.000001-12',
    ];
    for (const text of samples) {
      const ours = parseTimestamptz(text) as Date;
      expect(ours).toBeInstanceOf(Date);
      expect(ours.getTime(), text).toBe((original(text) as Date).getTime());
    }
  });

  it('leaves other forms to the default parser', () => {
    for (const text of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '2026-06-01 08:00:00+05:30:15'])
      expect(String(parseTimestamptz(text)), text).toBe(String(original(text)));
  });
});
