import { describe, expect, it } from 'vitest';
import { formatNumber, formatTable } from './table.ts';

describe('formatTable', () => {
  it('aligns text left and numbers right under a rule', () => {
    const table = formatTable(
      ['endpoint', 'req/s', 'p99 ms'],
      [
        ['GET /api/v1/vessels', 1234.5, 12.345],
        ['GET /healthz', 98765, 3.001],
      ],
    );
    expect(table.split('\n')).toEqual([
      'endpoint              req/s  p99 ms',
      '-------------------  ------  ------',
      'GET /api/v1/vessels   1,235    12.3',
      'GET /healthz         98,765    3.00',
    ]);
  });

  it('rounds by magnitude', () => {
    expect(formatNumber(0.1234)).toBe('0.12');
    expect(formatNumber(42.25)).toBe('42.3');
    expect(formatNumber(-1500.4)).toBe('-1,500');
    expect(formatNumber(50)).toBe('50');
  });
});
