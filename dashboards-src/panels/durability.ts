import { backup } from '../../lib/catalog/index.ts';
import { inWords, onJob, ranges, rateOf, sumBy, thresholds } from '../../lib/monitoring/index.ts';
import { MappingType } from '@grafana/grafana-foundation-sdk/dashboard';
import { type PanelSize, type PanelSpec, spec } from '../core/panel-spec.ts';
import { promTarget } from '../core/targets.ts';
import { stat, timeseries } from './kinds.ts';

/**
 * Can the port's data be recovered: WAL archiving (postgres-exporter's pg_stat_archiver), the
 * base backups' freshness (the backup service's textfile, scraped with node-exporter) and the
 * streaming standby (the primary's pg_stat_replication and replication slots). The series, label
 * groupings and thresholds are those of the alerts in rules/durability.ts.
 */
const t = thresholds.durability;

/**
 * The Swarm stack runs the backup service and, where a node is labelled porttrack.db-standby=true
 * (deploy.sh), the standby; tests/swarm/swarm.test.ts reads these series there. `npm start` and
 * the end-to-end platform run neither.
 */
const onTheSwarmStack = (what: string) => `the Swarm stack: ${what}`;

export function walArchiveAgeTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'WAL archive age',
      description: `Seconds since the newest WAL segment was archived (archive_timeout closes one every minute). PostgresWalArchiveBehind fires above ${t.archiveAgeSeconds / 60} minutes for ${inWords(t.archiveBehindFor)}. postgres-exporter reports NaN (no line) until the server archives its first segment, as under npm start (archive_mode off).`,
      unit: 's',
      min: 0,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: t.archiveAgeSeconds, color: 'red' },
      ],
      thresholdLines: true,
      targets: [
        promTarget(0, onJob('postgres', 'pg_stat_archiver_last_archive_age'), { legend: '{{instance}}' }),
      ],
    }),
    size,
  );
}

export function walArchivingTimeseries(size: PanelSize = {}): PanelSpec {
  const perSecond = (metric: string) => sumBy(['instance'], rateOf(ranges.panel, onJob('postgres', metric)));
  return spec(
    timeseries({
      title: 'WAL archiving',
      description: `WAL segments archived and failed archive_command attempts per second. PostgresWalArchivingFailing fires when attempts failed and none archived over ${inWords(t.archiveFailingWindow)}, for ${inWords(t.archiveFailingFor)}; a failure followed by archived segments is a retry that worked.`,
      unit: 'short',
      min: 0,
      targets: [
        promTarget(0, perSecond('pg_stat_archiver_archived_count'), { legend: 'archived/s {{instance}}' }),
        promTarget(1, perSecond('pg_stat_archiver_failed_count'), { legend: 'failed/s {{instance}}' }),
      ],
    }).overrideByQuery('B', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }]),
    size,
  );
}

export function backupAgeTimeseries(size: PanelSize = {}): PanelSpec {
  const lastSuccess = (by: readonly string[], ...matchers: readonly string[]) =>
    `time() - max by (${by.join(', ')}) (${onJob('node', backup.lastSuccess.name, ...matchers)})`;
  return spec(
    timeseries({
      title: 'Backup age',
      description: `Age of the newest backup per repository and kind (full, diff: pgBackRest base backups in repo1 and repo2; dump: the pg_dump set). The "newest base backup" line is what PostgresBackupTooOld reads: the newer of full and diff per repository, firing above ${t.backupMaxAgeSeconds / 3600} hours for ${inWords(t.backupStaleFor)}. A full backup older than that is normal: fulls are weekly, diffs daily.`,
      unit: 's',
      min: 0,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: t.backupMaxAgeSeconds, color: 'red' },
      ],
      thresholdLines: true,
      targets: [
        promTarget(0, lastSuccess(['instance', 'repo'], 'kind=~"full|diff"'), {
          legend: '{{repo}} newest base backup',
        }),
        promTarget(1, lastSuccess(['instance', 'repo', 'kind']), { legend: '{{repo}} {{kind}}' }),
      ],
    }),
    {
      ...size,
      emptyWhenHealthy: {
        drill: onTheSwarmStack('its backup service writes porttrack_backup.prom after each round'),
      },
    },
  );
}

export function replicationLagTimeseries(size: PanelSize = {}): PanelSpec {
  return spec(
    timeseries({
      title: 'Standby replication lag',
      description: `Bytes of WAL each standby has yet to replay, as the primary sees it (pg_stat_replication). PostgresReplicationLagHigh fires above ${t.replicationLagBytes / 1024 / 1024} MiB for ${inWords(t.replicationLagFor)}. Empty while no standby is connected.`,
      unit: 'bytes',
      min: 0,
      thresholdSteps: [
        { from: null, color: 'green' },
        { from: t.replicationLagBytes, color: 'red' },
      ],
      thresholdLines: true,
      targets: [
        promTarget(
          0,
          `max by (instance, application_name) (${onJob('postgres', 'pg_stat_replication_pg_wal_lsn_diff')})`,
          { legend: '{{application_name}} behind {{instance}}' },
        ),
      ],
    }),
    {
      ...size,
      emptyWhenHealthy: { drill: onTheSwarmStack('a standby streams from slot standby') },
    },
  );
}

export function standbyStreamingStat(size: PanelSize = {}): PanelSpec {
  return spec(
    stat({
      title: 'Standby streaming',
      description: `Per replication slot on the primary: 1 (streaming) while a standby is connected to it, 0 (no standby) otherwise. PostgresStandbyMissing fires after ${inWords(t.standbyMissingFor)} at 0. Empty where no slot exists (a deployment without a standby).`,
      unit: 'short',
      decimals: 0,
      thresholdSteps: [
        { from: null, color: 'red' },
        { from: 1, color: 'green' },
      ],
      targets: [
        promTarget(0, `max by (instance, slot_name) (${onJob('postgres', 'pg_replication_slots_active')})`, {
          legend: 'slot {{slot_name}}',
        }),
      ],
    }).mappings([
      {
        type: MappingType.ValueToText,
        options: { '0': { text: 'no standby', index: 0 }, '1': { text: 'streaming', index: 1 } },
      },
    ]),
    {
      ...size,
      emptyWhenHealthy: { drill: onTheSwarmStack('a standby streams from slot standby') },
    },
  );
}
