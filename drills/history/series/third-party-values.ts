import type { Moment } from '../moment.ts';
import type { Labels } from './define.ts';

/**
 * What a healthy host, database, cache and Prometheus read at a moment, by metric name: busier
 * by day, nothing failing. A counter's value is its rate per second. Names not matched here get
 * a steady gauge of 100 or a counter of a few per second.
 */
const gib = 2 ** 30;
const day = 86_400;

const zeroCounters =
  /fail|error|errs|dropped|missed|oom|corruption|deadlock|invalid|evicted|rollback|exceeded/;
const ones = /(_info|_up|^up|_ready|_successful|probe_success|replication_slots_active)$/;
const nowish = /(_timestamp_seconds|node_time_seconds|container_last_seen)$/;
const startedAt = /(boot_time_seconds|start_time_seconds)$/;

export function thirdPartyValue(name: string, labels: Labels, m: Moment): number {
  const busy = 0.12 + 0.3 * m.load + 0.03 * m.jitter(5);
  if (name === 'node_cpu_seconds_total') {
    if (labels.mode === 'idle') return 1 - busy;
    return labels.mode === 'user' ? busy * 0.6 : labels.mode === 'system' ? busy * 0.3 : busy * 0.02;
  }
  if (zeroCounters.test(name)) return 0;
  if (ones.test(name)) return 1;
  if (nowish.test(name)) return m.t;
  if (startedAt.test(name)) return m.t - (m.t % (40 * day));
  switch (name) {
    case 'node_load1':
    case 'node_load5':
    case 'node_load15':
      return 2 * busy;
    case 'node_memory_MemTotal_bytes':
      return 16 * gib;
    case 'node_memory_MemAvailable_bytes':
      return (9 - 3 * m.load) * gib;
    case 'node_memory_MemFree_bytes':
      return (3 - m.load) * gib;
    case 'node_memory_SwapTotal_bytes':
    case 'node_memory_SwapFree_bytes':
      return 2 * gib;
    case 'node_filesystem_size_bytes':
      return 100 * gib;
    case 'node_filesystem_avail_bytes':
    case 'node_filesystem_free_bytes':
      return (60 - ((m.t / day) % 7)) * gib;
    case 'node_filesystem_files':
      return 6e6;
    case 'node_filesystem_files_free':
      return 5e6;
    case 'node_filesystem_readonly':
      return 0;
    case 'container_spec_memory_limit_bytes':
      return gib;
    case 'container_memory_working_set_bytes':
    case 'container_memory_usage_bytes':
      return (0.25 + 0.15 * m.load) * gib;
    case 'container_cpu_usage_seconds_total':
      return busy / 4;
    case 'pg_settings_max_connections':
      return 100;
    case 'pg_stat_activity_count':
      return labels.state === 'active' ? Math.round(2 + 6 * m.load) : 8;
    case 'pg_stat_activity_max_tx_duration':
      return 0.5 + Math.abs(m.jitter(6));
    case 'pg_stat_database_numbackends':
      return 12;
    case 'pg_database_size_bytes':
      return 8 * gib + (m.t % (30 * day)) * 1000;
    case 'pg_locks_count':
      return 3;
    case 'pg_exporter_last_scrape_error':
    case 'pg_stat_replication_pg_wal_lsn_diff':
    case 'pg_replication_slots_pg_wal_lsn_diff':
    case 'prometheus_notifications_queue_length':
      return 0;
    case 'pg_stat_archiver_last_archive_age':
      return 20 + 40 * Math.abs(m.jitter(8));
    case 'redis_memory_max_bytes':
      return 256 * 2 ** 20;
    case 'redis_memory_used_bytes':
      return (40 + 20 * m.load) * 2 ** 20;
    case 'probe_http_status_code':
      return 200;
    case 'probe_ssl_earliest_cert_expiry':
      return m.t - (m.t % (90 * day)) + 90 * day + 30 * day;
    case 'prometheus_notifications_queue_capacity':
      return 10_000;
    case 'prometheus_notifications_alertmanagers_discovered':
      return 1;
    case 'alertmanager_cluster_members':
      return 1;
    case 'prometheus_rule_group_interval_seconds':
      return 15;
  }
  if (name.startsWith('nodejs_eventloop_lag')) return 0.01 + 0.002 * m.jitter(9);
  if (name.endsWith('_total') || name.startsWith('pg_stat_')) return 5 * (0.3 + m.load);
  return 100 * (1 + 0.05 * m.jitter(10));
}
