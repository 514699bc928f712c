import type { Request, Response } from 'express';
import pg from 'pg';
import { Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../lib/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { migrationsDir } from '../server.ts';
import { createDb, type Queryable } from './db.ts';
import { bindRequestSignal, ClientGone } from './request-scope.ts';
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

  it('answers a request that arrived during a counter read with a read sent after it arrived', async () => {
    // The first request's counter read is sent (it reads the old version) and held; meanwhile a
    // write commits (through another replica, say) and a second request arrives. Joining the read
    // under way would answer it from before the write: it must wait for a read of its own.
    const answers = new VersionedAnswers('vessels');
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    let reads = 0;
    const held: Queryable = {
      query: async (op, sql, params) => {
        const rows = await q.query(op, sql, params);
        reads++;
        if (holding) await hold;
        return rows as never;
      },
    };
    let made = 0;
    const make = async () => `answer ${++made}`;
    expect(String(await answers.get(held, 'a', make))).toBe('answer 1');
    holding = true;
    const before = answers.get(held, 'a', make);
    while (reads < 2) await new Promise((resolve) => setImmediate(resolve));
    await bump();
    const after = answers.get(held, 'a', make);
    release();
    expect(String(await before)).toBe('answer 1');
    expect(String(await after)).toBe('answer 2');
    expect(reads).toBe(3);
  });

  it('shares one counter read between requests asking together, and one leaving fails none of the others', async () => {
    // One connection, taken: the shared read waits for it. The request that started the read is
    // abandoned meanwhile; the read is no request's own, so the others still get their answers.
    const onePool = new pg.Pool({ connectionString: database.url, max: 1 });
    onePool.on('error', () => undefined);
    const registry = new Registry();
    const db = createDb(
      onePool,
      new Histogram({ name: 'd', help: 'd', labelNames: ['operation'], registers: [registry] }),
    );
    const counted: Queryable = {
      query: (op, sql, params) => (op === 'change_counters.read' && reads++, db.query(op, sql, params)),
    };
    let reads = 0;
    try {
      const answers = new VersionedAnswers('vessels');
      const taken = await onePool.connect();
      const leaving = new AbortController();
      const asRequest = <T>(signal: AbortSignal, fn: () => Promise<T>) =>
        new Promise<T>((resolve, reject) =>
          bindRequestSignal({} as Request, { locals: { signal } } as unknown as Response, () =>
            fn().then(resolve, reject),
          ),
        );
      const make = async () => 'the answer';
      const first = asRequest(leaving.signal, () => answers.get(counted, 'a', make));
      const others = [1, 2, 3].map(() =>
        asRequest(new AbortController().signal, () => answers.get(counted, 'a', make)),
      );
      leaving.abort(new ClientGone());
      await expect(first).rejects.toMatchObject({ status: 499 });
      taken.release();
      for (const other of others) expect(String(await other)).toBe('the answer');
      expect(reads).toBe(1);
    } finally {
      await onePool.end();
    }
  });
});
