import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/generated.ts';
import { prometheusPath, prometheusSection, readPrometheus } from './prometheus-section.ts';

// The committed prometheus.yml (fresh: CI regenerates and compares it) and the same file edited.
const side = (text: string) => readPrometheus(new Map([[prometheusPath, text]]));

describe('prometheusSection', () => {
  it('names a scrape job removed, a job changed field by field and a global setting', async () => {
    const text = await readFile(join(repoRoot, prometheusPath), 'utf8');
    const exporters = / {2}- job_name: porttrack-exporters\n( {4}.*\n)+/.exec(text)?.[0];
    expect(exporters).toBeDefined();
    const edited = text
      .replace('  scrape_interval: 15s', '  scrape_interval: 30s')
      .replace(exporters!, '')
      .replace('          - tasks.api-green\n', '');
    expect(prometheusSection(side(text), side(edited))).toEqual([
      '### Prometheus: scrape jobs and settings',
      '',
      '- scrape jobs removed: `porttrack-exporters`',
      '- job `porttrack-api`: dns_sd_configs[0].names: `["tasks.api","tasks.api-blue","tasks.api-green"]` → `["tasks.api","tasks.api-blue"]`',
      '- global.scrape_interval: `15s` → `30s`',
      '',
    ]);
    expect(prometheusSection(side(text), side(text))).toEqual([]);
  });
});
