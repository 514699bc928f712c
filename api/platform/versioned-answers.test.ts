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

/** What a statement that changes a vessel does to the counter (migration 0006): a fresh value. */
const bump = () =>
  pool.query("UPDATE change_counters SET version = fresh_change_version() WHERE name = 'vessels'");

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

  it('keeps no answer when the counter moved while it was made, so none replaces a newer one', async () => {
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
    // (Reads: two for the first answer, made and confirmed; one for the request answered from
    // it; two for the answer made after the write.)
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
    while (reads < 3) await new Promise((resolve) => setImmediate(resolve));
    await bump();
    const after = answers.get(held, 'a', make);
    release();
    expect(String(await before)).toBe('answer 1');
    expect(String(await after)).toBe('answer 2');
    expect(reads).toBe(5);
  });

  it('shares one counter read between requests asking together, and one leaving fails none of the others', async () => {
    // One connection, taken: the shared read waits for it. The request that started the read is
    // abandoned meanwhile; the read is no request's own, so the others still get their answers.
    // They share the read after making them too (the one that confirms the answer to keep).
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
      expect(reads).toBe(2);
    } finally {
      await onePool.end();
    }
  });
});

describe('VersionedAnswers on a database rewound underneath it', () => {
  // A point-in-time restore, the promotion of an asynchronous standby that had not received the
  // last writes, a dump restore: the database under a running replica goes back to an earlier
  // state and new writes go on from there. Simulated as it happens: the live database is copied
  // as it is (CREATE DATABASE ... TEMPLATE: the copy is what the restore brings back), changes are
  // made on the live one and answered, then the same VersionedAnswers reads the copy (the
  // database after the restore, at the same address) and other changes are made there.
  interface Rewind {
    /** Runs on whichever database the replica is on: live first, the rewound copy after `rewind`. */
    q: Queryable;
    pool(): pg.Pool;
    rewind(): void;
  }
  async function rewindable(test: (r: Rewind, ids: number[]) => Promise<void>): Promise<void> {
    const live = await createTestDatabase('rewind_live');
    const pools: pg.Pool[] = [];
    const open = (db: TestDatabase) => {
      const p = new pg.Pool({ connectionString: db.url, max: 2 });
      p.on('error', () => undefined);
      pools.push(p);
      return p;
    };
    let restored: TestDatabase | undefined;
    try {
      const setup = open(live);
      await migrate(setup, { dir: migrationsDir, table: 'schema_migrations' });
      for (const n of [1, 2, 3]) await insertVessel(setup, `BEFORE ${n}`);
      const ids = (await setup.query<{ id: number }>('SELECT id FROM vessels ORDER BY id')).rows.map((r) =>
        Number(r.id),
      );
      await setup.end(); // nothing may be connected to a template
      restored = await createTestDatabase('rewind_restored', live);
      let current = open(live);
      const r: Rewind = {
        q: { query: async (_op, sql, params) => (await current.query(sql, params)).rows },
        pool: () => current,
        rewind: () => (current = open(restored!)),
      };
      await test(r, ids);
    } finally {
      for (const p of pools) await p.end().catch(() => undefined);
      await restored?.drop();
      await live.drop();
    }
  }
  let imo = 9_000_000;
  const insertVessel = async (p: pg.Pool, name: string) =>
    Number(
      (
        await p.query<{ id: number }>(
          `INSERT INTO vessels (imo, mmsi, name, type, flag, gross_tonnage, length_m)
           VALUES ($1, $2, $3, 'container', 'NL', 1000, 90) RETURNING id`,
          [String(++imo), String(imo * 100), name],
        )
      ).rows[0]!.id,
    );
  /** The answer for a key, made from whichever database `q` reads now. */
  const truth = async (q: Queryable, key: string) => {
    const rows =
      key === 'list'
        ? await q.query('op', 'SELECT id, name FROM vessels ORDER BY id')
        : await q.query('op', 'SELECT id, name FROM vessels WHERE id = $1', [Number(key.slice(3))]);
    return key === 'list' ? JSON.stringify(rows) : rows[0] && JSON.stringify(rows[0]);
  };

  it('answers only from the rewound database, and keeps its answers', async () => {
    await rewindable(async (r, ids) => {
      const answers = new VersionedAnswers('vessels');
      const keys = () => ['list', ...ids.map((id) => `id ${id}`)];
      let made = 0;
      const make = (key: string) => (q: Queryable) => (made++, truth(q, key));
      /** Every answer is the database's own, and the second ask of each is the kept one (reported, the run goes on). */
      const check = async (when: string) => {
        for (const key of keys()) {
          const expected = await truth(r.q, key);
          expect(String(await answers.get(r.q, key, make(key))), `${when}, ${key}`).toBe(expected);
          const before = made;
          expect(String(await answers.get(r.q, key, make(key))), `${when}, ${key} again`).toBe(expected);
          expect.soft(made, `${when}, ${key} kept`).toBe(before);
        }
      };
      const changes = 4;
      await check('live, before any change');
      for (let i = 1; i <= changes; i++) {
        // A vessel added (it takes the next id from the sequence) and an existing one renamed.
        ids.push(await insertVessel(r.pool(), `LOST ${i}`));
        await r
          .pool()
          .query('UPDATE vessels SET name = $1 WHERE id = $2', [`RENAMED, LOST ${i}`, ids[i % 3]]);
        await check(`live, change ${i}`);
      }
      r.rewind();
      const lost = ids.splice(3); // the restored database has none of them: the sequence is back too
      await check('rewound, before any change');
      for (let i = 1; i <= changes; i++) {
        const id = await insertVessel(r.pool(), `REWOUND ${i}`);
        expect(id).toBe(lost[i - 1]); // the same ids, other vessels
        ids.push(id);
        await r
          .pool()
          .query('UPDATE vessels SET name = $1 WHERE id = $2', [`RENAMED AFTER ${i}`, ids[(i + 1) % 3]]);
        await check(`rewound, change ${i}`);
      }
    });
  }, 60_000);

  it('does not keep an answer under a counter read before a write it shows', async () => {
    // The counter is read, then a write commits (through another replica, say) before the answer
    // is made: the answer shows the write. The database is then rewound to the moment before the
    // write (a standby promoted without it, a restore to that moment): the counter reads again
    // what it read, and the answer must not be taken for that state.
    await rewindable(async (r, [id]) => {
      const answers = new VersionedAnswers('vessels');
      const key = `id ${id}`;
      const withWrite = async (q: Queryable) => {
        await r.pool().query("UPDATE vessels SET name = 'WRITTEN WHILE MAKING' WHERE id = $1", [id]);
        return truth(q, key);
      };
      expect(String(await answers.get(r.q, key, withWrite))).toContain('WRITTEN WHILE MAKING');
      r.rewind();
      expect(String(await answers.get(r.q, key, (q) => truth(q, key)))).toBe(await truth(r.q, key));
      expect(await truth(r.q, key)).toContain('BEFORE 1');
    });
  }, 60_000);
});
