import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vocabulary from './vocabulary.ts';

const schema = readFileSync(resolve(import.meta.dirname, '../../api/migrations/0001_init.sql'), 'utf8');

/** The value lists of every `column ... CHECK (column IN (...))` of a table in the schema. */
function checkedValues(table: string, column: string): string[] {
  const body = new RegExp(`CREATE TABLE ${table} \\(([\\s\\S]*?)\\n\\);`).exec(schema)?.[1];
  if (!body) throw new Error(`table ${table} not found in 0001_init.sql`);
  const list = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(body)?.[1];
  if (!list) throw new Error(`no CHECK on ${table}.${column}`);
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('domain vocabulary', () => {
  it.each([
    ['vessels', 'type', vocabulary.vesselTypes],
    ['vessels', 'status', vocabulary.vesselStatuses],
    ['port_calls', 'status', vocabulary.portCallStatuses],
    ['port_call_events', 'type', vocabulary.portCallEventTypes],
    ['routes', 'direction', vocabulary.routeDirections],
    ['routes', 'status', vocabulary.routeStatuses],
    ['cargo_operations', 'direction', vocabulary.cargoDirections],
    ['cargo_operations', 'category', vocabulary.cargoCategories],
    ['cargo_operations', 'unit', vocabulary.cargoUnits],
    ['cargo_operations', 'status', vocabulary.cargoStatuses],
    ['staff', 'role', vocabulary.staffRoles],
    ['shift_requirements', 'role', vocabulary.staffRoles],
    ['users', 'role', vocabulary.userRoles],
  ] as const)('%s.%s matches the database CHECK constraint', (table, column, values) => {
    expect([...values]).toEqual(checkedValues(table, column));
  });
});
