import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { migrationsDir } from '../server.ts';
import type { Queryable } from './db.ts';
import { VersionedAnswers } from './versioned-answers.ts';

let database: TestDatabase;
let pool: pg.Pool;
let q: Queryable;

beforeAll(async () => {
  database = await createTestDatabase('versioned_answers');
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
  q = { query: async (_op, sql, params) => (await pool.query(sql, params)).rows };
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const bump = () => pool.query("UPDATE change_counters SET version = version + 1 WHERE name = 'vessels'");

describe('VersionedAnswers', () => {
  it('makes an answer once per counter version, and again after the counter moved', async () => {
    const answers = new VersionedAnswers('vessels');
    let made = 0;
    const make = async () => `answer ${++made}`;
    expect(String(await answers.get(q, 'a', make))).toBe('answer 1');
    expect(String(await answers.get(q, 'a', make))).toBe('answer 1');
    await bump();
    expect(String(await answers.get(q, 'a', make))).toBe('answer 2');
    expect(String(await answers.get(q, 'b', make))).toBe('answer 3');
    expect(String(await answers.get(q, 'a', make))).toBe('answer 2');
  });

  it('keeps no missing answer, and nothing for a counter that does not exist', async () => {
    const answers = new VersionedAnswers('vessels');
    let asked = 0;
    const missing = async () => (asked++, undefined);
    await answers.get(q, 'gone', missing);
    await answers.get(q, 'gone', missing);
    expect(asked).toBe(2);
    const unknown = new VersionedAnswers('no such table');
    let made = 0;
    await unknown.get(q, 'a', async () => `answer ${++made}`);
    expect(String(await unknown.get(q, 'a', async () => `answer ${++made}`))).toBe('answer 2');
  });

  it('does not let an answer made at an older version replace a newer one', async () => {
    const answers = new VersionedAnswers('vessels');
    let release!: () => void;
    let started!: () => void;
    const making = new Promise<void>((resolve) => (started = resolve));
    const slow = answers.get(q, 'a', async () => {
      started(); // it read the counter: now the change commits
      await new Promise<void>((resolve) => (release = resolve));
      return 'made before the change';
    });
    await making;
    await bump();
    expect(String(await answers.get(q, 'a', async () => 'made after the change'))).toBe(
      'made after the change',
    );
    release();
    expect(String(await slow)).toBe('made before the change'); // its own request gets it, as before
    expect(String(await answers.get(q, 'a', async () => 'made again'))).toBe('made after the change');
  });

  it('keeps at most maxBytes, dropping the oldest answers first', async () => {
    const answers = new VersionedAnswers('vessels', 25);
    let made = 0;
    const make = (text: string) => async () => (made++, text);
    await answers.get(q, 'a', make('a'.repeat(10)));
    await answers.get(q, 'b', make('b'.repeat(10)));
    await answers.get(q, 'c', make('c'.repeat(10))); // 30 > 25: 'a' goes
    expect(made).toBe(3);
    await answers.get(q, 'b', make('b'.repeat(10)));
    await answers.get(q, 'c', make('c'.repeat(10)));
    expect(made).toBe(3);
    await answers.get(q, 'a', make('a'.repeat(10)));
    expect(made).toBe(4);
  });
});
