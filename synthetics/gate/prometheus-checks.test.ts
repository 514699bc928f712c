import { describe, expect, it } from 'vitest';
import { exporterVerdict } from './prometheus-checks.ts';

const answer = (...values: Array<[string, string]>) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: values.map(([instance, v]) => ({ metric: { instance }, value: [1_764_000_000, v] })),
  },
});

describe('exporterVerdict', () => {
  it('passes when every exporter reads the database', () => {
    expect(exporterVerdict(answer(['10.0.0.5:9464', '1']), 'up_metric')).toEqual({
      ok: true,
      detail: '1 exporter(s) reading the database',
    });
  });

  it('names the exporter whose refreshes fail, and waits for a first scrape', () => {
    const failing = exporterVerdict(answer(['10.0.0.5:9464', '1'], ['10.0.0.6:9464', '0']), 'up_metric');
    expect(failing.ok).toBe(false);
    expect(failing.detail).toContain('10.0.0.6:9464');
    expect(failing.detail).not.toContain('10.0.0.5:9464');
    expect(exporterVerdict(answer(), 'up_metric')).toEqual({
      ok: false,
      detail: 'no up_metric series scraped yet',
    });
  });

  it('refuses an answer that is not an instant vector', () => {
    expect(() => exporterVerdict({ status: 'error' }, 'up_metric')).toThrow(/no data.result/);
  });
});
