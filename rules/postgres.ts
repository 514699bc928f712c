import { dashboardRef, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const t = thresholds.postgres;
const server = { instance: 'postgres:5432' };
const labels = target('postgres', server.instance);
const db = { ...server, datname: 'porttrack' };

export const postgresRules = ruleFile(import.meta.url, 'postgres', {
  alerts: [
    alert({
      name: 'PostgresDown',
      expr: `${onJob('postgres', 'pg_up')} == 0`,
      for: t.downFor,
      severity: 'critical',
      service: 'postgres',
      summary: 'PostgreSQL is unreachable.',
      description: `postgres-exporter cannot reach the PostgreSQL server {{ $labels.instance }}: the API cannot read or store vessels, port calls, cargo or positions.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'postgres'),
      test: {
        firing: [input('postgres', 'pg_up', server, '0x20')],
        labels,
        healthy: [input('postgres', 'pg_up', server, '1x20')],
      },
    }),
    alert({
      name: 'PostgresTooManyConnections',
      expr: `sum by (job, instance) (${onJob('postgres', 'pg_stat_activity_count')}) / on (job, instance) max by (job, instance) (${onJob('postgres', 'pg_settings_max_connections')}) > ${t.connectionsRatio}`,
      for: t.connectionsFor,
      severity: 'warning',
      service: 'postgres',
      summary: 'PostgreSQL is running out of connections.',
      description: `{{ $labels.instance }} uses {{ $value | humanizePercentage }} of max_connections (threshold ${t.connectionsRatio * 100}%); new connections will soon be refused.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'postgres'),
      test: {
        firing: [
          input('postgres', 'pg_stat_activity_count', { ...db, state: 'active' }, '70x20'),
          input('postgres', 'pg_stat_activity_count', { ...db, state: 'idle' }, '20x20'),
          input('postgres', 'pg_settings_max_connections', server, '100x20'),
        ],
        labels,
        value: '90%',
        healthy: [
          input('postgres', 'pg_stat_activity_count', { ...db, state: 'active' }, '10x20'),
          input('postgres', 'pg_stat_activity_count', { ...db, state: 'idle' }, '10x20'),
          input('postgres', 'pg_settings_max_connections', server, '100x20'),
        ],
      },
    }),
    alert({
      name: 'PostgresDeadlocks',
      expr: `increase(${onJob('postgres', 'pg_stat_database_deadlocks', 'datname!~"template.*"')}[${t.deadlockWindow}]) > 0`,
      for: t.deadlockFor,
      severity: 'warning',
      service: 'postgres',
      summary: 'PostgreSQL is resolving deadlocks.',
      description: `Transactions on database {{ $labels.datname }} ({{ $labels.instance }}) deadlocked in the last ${t.deadlockWindow}; PostgreSQL aborted one side of each.`,
      identifiedBy: ['datname', 'instance'],
      dashboard: dashboardRef('system', 'postgres'),
      test: {
        // The condition first holds here (the deadlocks at 3 minutes).
        holdsFrom: '3m',
        firing: [input('postgres', 'pg_stat_database_deadlocks', db, '0 0 0 2 2 2 2 2 2 2 2 2')],
        labels: { ...labels, datname: db.datname },
        healthy: [input('postgres', 'pg_stat_database_deadlocks', db, '0x12')],
      },
    }),
    alert({
      name: 'PostgresLongRunningTransaction',
      expr: `max by (job, instance, datname) (${onJob('postgres', 'pg_stat_activity_max_tx_duration')}) > ${t.longTransactionSeconds}`,
      for: t.longTransactionFor,
      severity: 'warning',
      service: 'postgres',
      summary: 'A PostgreSQL transaction has been open too long.',
      description: `A transaction on database {{ $labels.datname }} ({{ $labels.instance }}) has been open for {{ $value | humanizeDuration }}; it holds locks and blocks vacuum.`,
      identifiedBy: ['datname', 'instance'],
      dashboard: dashboardRef('system', 'postgres'),
      test: {
        firing: [
          input(
            'postgres',
            'pg_stat_activity_max_tx_duration',
            { ...db, state: 'idle in transaction' },
            '900x20',
          ),
        ],
        labels: { ...labels, datname: db.datname },
        value: '15m 0s',
        healthy: [input('postgres', 'pg_stat_activity_max_tx_duration', { ...db, state: 'active' }, '2x20')],
      },
    }),
  ],
});
