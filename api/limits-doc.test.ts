import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.ts';

// docs/api.md lists every limit with the variable that sets it ("Limits") and every variable with
// its default ("Configuration"): both tables must name real variables and state the code's defaults.
const doc = readFileSync(resolve(import.meta.dirname, '../docs/api.md'), 'utf8');

function table(heading: string): string[][] {
  const section = doc.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

const names = (cell: string) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] as string);
const shape = configSchema.shape as Record<string, { safeParse(v: unknown): { data?: unknown } }>;

describe('docs/api.md limits and configuration', () => {
  it('names only variables the API reads, each limit also in the configuration table', () => {
    const configured = new Set(table('Configuration').flatMap((row) => names(row[0] ?? '')));
    const limits = table('Limits').flatMap((row) => names(row[2] ?? ''));
    expect(limits).toContain('PORTTRACK_POSITION_RETENTION_DAYS');
    expect(limits).toContain('PORTTRACK_STREAM_MAX_PER_USER');
    expect(limits).toContain('PORTTRACK_LOGIN_FREE_FAILURES');
    for (const name of limits) {
      expect([name, name in shape]).toEqual([name, true]);
      expect([name, configured.has(name)]).toEqual([name, true]);
    }
  });

  it("states each variable's default as the code has it", () => {
    for (const [variables = '', defaults = ''] of table('Configuration')) {
      const vars = names(variables);
      const values = [...defaults.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
      vars.forEach((name, i) => {
        const field = shape[name];
        const value = field?.safeParse(undefined).data;
        // Variables without a code default (unset, or chosen by NODE_ENV) are described in words.
        if (typeof value !== 'number') return;
        expect([name, values[i]]).toEqual([name, String(value)]);
      });
    }
  });
});
