import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../lib/db/pool.ts';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/database.ts';
import { OutboxStore } from '../outbox/store.ts';
import { RateSlots } from './rate-slots.ts';

let db: TestDatabase;
let pool: Pool;
let slots: RateSlots;

beforeAll(async () => {
  db = await createTestDatabase('notifier_slots');
  pool = createPool({ connectionString: db.url, applicationName: 'notifier-slots-test', max: 4 });
  pool.on('error', () => undefined);
  await new OutboxStore(pool).migrate();
  slots = new RateSlots(pool);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('RateSlots', () => {
  it('spaces send slots per target across callers', async () => {
    const waits = await Promise.all(Array.from({ length: 4 }, () => slots.reserve('slack:test', 1000)));
    const sorted = waits.sort((x, y) => x - y);
    expect(sorted[0]).toBeLessThan(50);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(500); // 1000 minus the spread of the calls
    expect(await slots.reserve('slack:other', 1000)).toBeLessThan(50);
    await slots.hold('slack:held', 5000);
    expect(await slots.reserve('slack:held', 1000)).toBeGreaterThan(4000);
  });
});
