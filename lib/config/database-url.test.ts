import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDatabaseUrl } from './database-url.ts';

const url = 'postgres://porttrack_app:p%40ss@postgres:5432/porttrack?sslmode=disable';

describe('readDatabaseUrl', () => {
  it('replaces only the host when PORTTRACK_DATABASE_HOST is set', () => {
    expect(readDatabaseUrl({ DATABASE_URL: url, PORTTRACK_DATABASE_HOST: 'postgres-standby' })).toBe(
      'postgres://porttrack_app:p%40ss@postgres-standby:5432/porttrack?sslmode=disable',
    );
  });

  it('reads the URL from its secret file too', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'database-url-')), 'url');
    await writeFile(file, `${url}\n`);
    expect(readDatabaseUrl({ DATABASE_URL_FILE: file, PORTTRACK_DATABASE_HOST: '10.0.3.7' })).toBe(
      'postgres://porttrack_app:p%40ss@10.0.3.7:5432/porttrack?sslmode=disable',
    );
  });

  it('leaves the URL alone without an override, and passes through what does not parse', () => {
    expect(readDatabaseUrl({ DATABASE_URL: url })).toBe(url);
    expect(readDatabaseUrl({ DATABASE_URL: url, PORTTRACK_DATABASE_HOST: ' ' })).toBe(url);
    expect(readDatabaseUrl({ DATABASE_URL: 'not a url', PORTTRACK_DATABASE_HOST: 'x' })).toBe('not a url');
    expect(readDatabaseUrl({ PORTTRACK_DATABASE_HOST: 'x' })).toBeUndefined();
  });
});
