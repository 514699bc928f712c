import { describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/config/env.ts';
import { loadExporterConfig } from './config.ts';

describe('exporter configuration', () => {
  it('requires DATABASE_URL and says what to give it', () => {
    expect(() => loadExporterConfig({})).toThrow(ConfigError);
    expect(() => loadExporterConfig({})).toThrow(/DATABASE_URL: is required.*porttrack_read/);
  });

  it('has the documented defaults', () => {
    const config = loadExporterConfig({ DATABASE_URL: 'postgres://reader@db:5432/porttrack' });
    expect(config.PORT).toBe(9464);
    expect(config.EXPORTER_VESSEL_TRAFFIC_INTERVAL_SECONDS).toBe(15);
    expect(config.EXPORTER_STATEMENT_TIMEOUT_MS).toBe(5000);
  });
});
