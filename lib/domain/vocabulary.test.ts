import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as vocabulary from './vocabulary.ts';

const migrations = resolve(import.meta.dirname, '../../api/migrations');
/** Every migration in the order they apply. */
const schema = readdirSync(migrations)
  .filter((f) => f.endsWith('.sql'))
  .sort()
  .map((f) => readFileSync(resolve(migrations, f), 'utf8'))
  .join('\n');

/**
 * The value list of a table's `CHECK (column IN (...))`: the last one a migration added with
 * ALTER TABLE ... ADD CONSTRAINT, else the one in its CREATE TABLE.
 */
function checkedValues(table: string, column: string): string[] {
  const altered = [
    ...schema.matchAll(
      new RegExp(`ALTER TABLE ${table} ADD CONSTRAINT \\w+ CHECK \\(${column} IN \\(([^)]*)\\)\\)`, 'g'),
    ),
  ].at(-1)?.[1];
  const body = new RegExp(`CREATE TABLE ${table} \\(([\\s\\S]*?)\\n\\);`).exec(schema)?.[1];
  if (!body) throw new Error(`table ${table} not found in api/migrations`);
  const list = altered ?? new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(body)?.[1];
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
    ['user_audit_log', 'action', vocabulary.userAuditActions],
  ] as const)('%s.%s matches the database CHECK constraint', (table, column, values) => {
    expect([...values]).toEqual(checkedValues(table, column));
  });
});
