import { createHash } from 'node:crypto';
import type { Acknowledged } from './load.ts';

export interface RowsCheck {
  acknowledged: number;
  found: number;
  /** md5 of the sorted acknowledged keys, and of the same keys as read back from PostgreSQL. */
  checksumAcknowledged: string;
  checksumFound: string;
}

const md5 = (keys: string[]) =>
  createHash('md5')
    .update([...keys].sort().join('\n'))
    .digest('hex');

function compare(acknowledged: string[], inDatabase: Set<string>): RowsCheck {
  const found = acknowledged.filter((k) => inDatabase.has(k));
  return {
    acknowledged: acknowledged.length,
    found: found.length,
    checksumAcknowledged: md5(acknowledged),
    checksumFound: md5(found),
  };
}

const lines = (out: string) => new Set(out.split('\n').filter(Boolean));

/**
 * Every write the load generator saw acknowledged (2xx), looked up in PostgreSQL: position
 * reports by MMSI, timestamp and position, port calls by id, their events by call and type.
 */
export function checkAcknowledged(ack: Acknowledged, psql: (sql: string) => string) {
  const mmsis = [...new Set(ack.positions.map((k) => k.split('|')[0]))];
  const positions = mmsis.length
    ? lines(
        psql(
          `SELECT mmsi || '|' || (extract(epoch FROM ts) * 1000)::bigint || '|' || lat || '|' || lon FROM positions WHERE mmsi IN (${mmsis.map((m) => `'${m}'`).join(',')})`,
        ),
      )
    : new Set<string>();
  const ids = [...new Set([...ack.portCalls, ...ack.events.map((e) => Number(e.split('|')[0]))])];
  const calls = ids.length
    ? lines(psql(`SELECT id FROM port_calls WHERE id = ANY('{${ids.join(',')}}')`))
    : new Set<string>();
  const events = ids.length
    ? lines(
        psql(
          `SELECT port_call_id || '|' || type FROM port_call_events WHERE port_call_id = ANY('{${ids.join(',')}}')`,
        ),
      )
    : new Set<string>();
  const rows = {
    positions: compare(ack.positions, positions),
    portCalls: compare(ack.portCalls.map(String), calls),
    portCallEvents: compare(ack.events, events),
  };
  const lost = Object.values(rows).reduce((n, r) => n + r.acknowledged - r.found, 0);
  return { rows, lost };
}
