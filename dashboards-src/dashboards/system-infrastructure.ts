import { panels } from '../../lib/monitoring/index.ts';
import { defineDashboard } from '../core/definition.ts';
import { row } from '../core/panel-spec.ts';
import {
  containerCpuTimeseries,
  containerMemoryTimeseries,
  containerRestartsTimeseries,
  containerStatusTable,
} from '../panels/containers.ts';
import {
  backupAgeTimeseries,
  replicationLagTimeseries,
  standbyStreamingStat,
  walArchiveAgeTimeseries,
  walArchivingTimeseries,
} from '../panels/durability.ts';
import {
  cpuUsageTimeseries,
  diskFreeTimeseries,
  diskIoTimeseries,
  memorySwapTimeseries,
  networkTrafficTimeseries,
} from '../panels/host.ts';
import { alertmanagerHealthTimeseries, prometheusHealthTimeseries } from '../panels/monitoring.ts';
import { postgresConnectionsTimeseries, postgresPerformanceTimeseries } from '../panels/postgres.ts';
import { redisTimeseries } from '../panels/redis.ts';

const ids = panels.system;

/** Dashboard 2: the VM, the containers, the datastores, their durability and the monitoring stack itself. */
export const systemInfrastructure = defineDashboard({
  key: 'system',
  folder: 'Platform',
  description:
    'Host (node-exporter), containers (cAdvisor), PostgreSQL, Redis, PostgreSQL durability (WAL archiving, backups, standby), Prometheus and Alertmanager.',
  tags: ['infrastructure'],
  rows: [
    row('Host', [
      cpuUsageTimeseries({ id: ids.cpu, width: 8 }),
      memorySwapTimeseries({ id: ids.memory, width: 8 }),
      diskFreeTimeseries({ id: ids.disk, width: 8 }),
      diskIoTimeseries({ id: ids.diskIo }),
      networkTrafficTimeseries({ id: ids.network }),
    ]),
    row('Containers', [
      containerStatusTable({ id: ids.containers }),
      containerRestartsTimeseries({ id: ids.containerRestarts }),
      containerCpuTimeseries(),
      containerMemoryTimeseries(),
    ]),
    row('Datastores', [
      postgresConnectionsTimeseries({ id: ids.postgres, width: 8 }),
      postgresPerformanceTimeseries({ width: 8 }),
      redisTimeseries({ id: ids.redis, width: 8 }),
    ]),
    row('Durability', [
      walArchiveAgeTimeseries({ id: ids.walArchiveAge, width: 8 }),
      walArchivingTimeseries({ id: ids.walArchiving, width: 8 }),
      backupAgeTimeseries({ id: ids.backupAge, width: 8 }),
      replicationLagTimeseries({ id: ids.replicationLag, width: 16 }),
      standbyStreamingStat({ id: ids.standby, width: 8 }),
    ]),
    row('Monitoring', [
      prometheusHealthTimeseries({ id: ids.prometheus }),
      alertmanagerHealthTimeseries({ id: ids.alertmanager }),
    ]),
  ],
});
