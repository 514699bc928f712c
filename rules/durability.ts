import { backup } from '../lib/catalog/index.ts';
import { dashboardRef, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

// Can the port's data be recovered to within a minute: WAL archiving (pg_stat_archiver, from
// postgres-exporter), the base backups' freshness (the backup service's textfile, scraped with
// node-exporter) and the streaming standby (the primary's pg_stat_replication and slots).
const t = thresholds.durability;
const server = { instance: 'postgres:5432' };
const labels = target('postgres', server.instance);
const standby = { ...server, application_name: 'standby', client_addr: '10.0.3.7', state: 'streaming' };
const slot = { ...server, slot_name: 'standby', database: '' };
const manager = { instance: 'manager:9100' };
/** Backup timestamps every 5 minutes (an instant older than 5 minutes is stale in Prometheus). */
const hours = (h: number) => h * 12;

export const durabilityRules = ruleFile(import.meta.url, 'durability', {
  alerts: [
    alert({
      name: 'PostgresWalArchivingFailing',
      expr:
        `increase(${onJob('postgres', 'pg_stat_archiver_failed_count')}[${t.archiveFailingWindow}]) > 0` +
        ` and on (job, instance) increase(${onJob('postgres', 'pg_stat_archiver_archived_count')}[${t.archiveFailingWindow}]) == 0`,
      for: t.archiveFailingFor,
      severity: 'critical',
      service: 'postgres',
      summary: 'PostgreSQL cannot archive its WAL.',
      description: `archive_command (pgBackRest archive-push) on {{ $labels.instance }} failed again and again in the last ${t.archiveFailingWindow} with no segment archived: point-in-time recovery stops at the last archived segment, and unarchived WAL piles up on the primary's disk.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'walArchiving'),
      test: {
        holdsFrom: '1m',
        firing: [
          input('postgres', 'pg_stat_archiver_failed_count', server, '0+1x20'),
          input('postgres', 'pg_stat_archiver_archived_count', server, '40x20'),
        ],
        labels,
        healthy: [
          input('postgres', 'pg_stat_archiver_failed_count', server, '0x20'),
          input('postgres', 'pg_stat_archiver_archived_count', server, '40+1x20'),
        ],
        alsoSilentOn: [
          {
            why: 'an idle database: nothing to archive, nothing failed',
            healthy: [
              input('postgres', 'pg_stat_archiver_failed_count', server, '3x20'),
              input('postgres', 'pg_stat_archiver_archived_count', server, '40x20'),
            ],
          },
          {
            why: 'one failed attempt, then the segment archived on the retry and the next ones too',
            healthy: [
              input(
                'postgres',
                'pg_stat_archiver_failed_count',
                server,
                '0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1',
              ),
              input(
                'postgres',
                'pg_stat_archiver_archived_count',
                server,
                '40 40 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57',
              ),
            ],
          },
        ],
      },
    }),
    alert({
      name: 'PostgresWalArchiveBehind',
      expr: `${onJob('postgres', 'pg_stat_archiver_last_archive_age')} > ${t.archiveAgeSeconds}`,
      for: t.archiveBehindFor,
      severity: 'warning',
      service: 'postgres',
      summary: 'PostgreSQL has archived no WAL for too long.',
      description: `The newest WAL segment archived from {{ $labels.instance }} is {{ $value | humanizeDuration }} old (threshold ${t.archiveAgeSeconds / 60} minutes; archive_timeout closes one every minute): a lost disk would now lose more than a minute of port data.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'walArchiveAge'),
      test: {
        firing: [input('postgres', 'pg_stat_archiver_last_archive_age', server, '900x20')],
        labels,
        value: '15m 0s',
        healthy: [input('postgres', 'pg_stat_archiver_last_archive_age', server, '30x20')],
        alsoSilentOn: [
          {
            why: 'exactly at the threshold',
            healthy: [
              input('postgres', 'pg_stat_archiver_last_archive_age', server, `${t.archiveAgeSeconds}x20`),
            ],
          },
        ],
      },
    }),
    alert({
      name: 'PostgresBackupTooOld',
      expr: `time() - max by (job, instance, repo) (${onJob('node', backup.lastSuccess.name, 'kind=~"full|diff"')}) > ${t.backupMaxAgeSeconds}`,
      for: t.backupStaleFor,
      severity: 'warning',
      service: 'postgres',
      summary: 'The newest PostgreSQL base backup is older than its schedule allows.',
      description: `The newest full or differential pgBackRest backup in {{ $labels.repo }} (backup service on {{ $labels.instance }}) is {{ $value | humanizeDuration }} old; the schedule makes one a day (threshold ${t.backupMaxAgeSeconds / 3600} hours). Recovery still works from the older one, but replays more WAL and retention keeps less.`,
      identifiedBy: ['repo', 'instance'],
      dashboard: dashboardRef('system', 'backupAge'),
      test: {
        interval: '5m',
        // The last backup at time 0: the condition holds once it is more than 27 hours old (27h0m30s, the first evaluation after 27h).
        holdsFrom: '97230s',
        firing: [
          input(
            'node',
            backup.lastSuccess.name,
            { ...manager, kind: 'diff', repo: 'repo2' },
            `0x${hours(30)}`,
          ),
          input(
            'node',
            backup.lastSuccess.name,
            { ...manager, kind: 'full', repo: 'repo2' },
            `0x${hours(30)}`,
          ),
        ],
        labels: { job: 'node-exporter', ...manager, repo: 'repo2' },
        value: '1d 3h 15m 30s',
        healthy: [
          // A backup every day: the newest is at most a day old.
          input(
            'node',
            backup.lastSuccess.name,
            { ...manager, kind: 'full', repo: 'repo2' },
            `0x${hours(30)}`,
          ),
          input(
            'node',
            backup.lastSuccess.name,
            { ...manager, kind: 'diff', repo: 'repo2' },
            `0x${hours(24)} 86400x${hours(6)}`,
          ),
        ],
        alsoSilentOn: [
          {
            why: 'the newest backup 26 hours old: within the schedule and its margin',
            healthy: [
              input(
                'node',
                backup.lastSuccess.name,
                { ...manager, kind: 'diff', repo: 'repo2' },
                `0x${hours(30)}`,
              ),
            ],
            at: '26h',
          },
          {
            why: 'an old dump set does not count: only pgBackRest full and differential backups',
            healthy: [
              input(
                'node',
                backup.lastSuccess.name,
                { ...manager, kind: 'dump', repo: 'sets' },
                `0x${hours(30)}`,
              ),
            ],
          },
        ],
      },
    }),
    alert({
      name: 'PostgresReplicationLagHigh',
      expr: `max by (job, instance, application_name) (${onJob('postgres', 'pg_stat_replication_pg_wal_lsn_diff')}) > ${t.replicationLagBytes}`,
      for: t.replicationLagFor,
      severity: 'warning',
      service: 'postgres',
      summary: 'The PostgreSQL standby is falling behind the primary.',
      description: `Standby {{ $labels.application_name }} replays {{ $value | humanize1024 }}B of WAL behind the primary {{ $labels.instance }} (threshold ${t.replicationLagBytes / 1024 / 1024} MiB): an unplanned promotion now would lose those writes.`,
      identifiedBy: ['application_name', 'instance'],
      dashboard: dashboardRef('system', 'replicationLag'),
      test: {
        firing: [input('postgres', 'pg_stat_replication_pg_wal_lsn_diff', standby, '67108864x20')],
        labels: { ...labels, application_name: 'standby' },
        value: '64Mi',
        healthy: [input('postgres', 'pg_stat_replication_pg_wal_lsn_diff', standby, '8192x20')],
        alsoSilentOn: [
          {
            why: 'exactly at the threshold',
            healthy: [
              input(
                'postgres',
                'pg_stat_replication_pg_wal_lsn_diff',
                standby,
                `${t.replicationLagBytes}x20`,
              ),
            ],
          },
        ],
      },
    }),
    alert({
      name: 'PostgresStandbyMissing',
      expr: `max by (job, instance, slot_name) (${onJob('postgres', 'pg_replication_slots_active')}) == 0`,
      for: t.standbyMissingFor,
      severity: 'warning',
      service: 'postgres',
      summary: 'No PostgreSQL standby is streaming from its replication slot.',
      description: `Replication slot {{ $labels.slot_name }} on {{ $labels.instance }} has no standby connected: there is nothing to promote if the primary is lost, and the slot keeps WAL on the primary's disk until the standby returns.`,
      identifiedBy: ['slot_name', 'instance'],
      dashboard: dashboardRef('system', 'standby'),
      test: {
        firing: [input('postgres', 'pg_replication_slots_active', slot, '0x20')],
        labels: { ...labels, slot_name: 'standby' },
        healthy: [input('postgres', 'pg_replication_slots_active', slot, '1x20')],
      },
    }),
  ],
});
