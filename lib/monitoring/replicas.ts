/**
 * The external labels of the stack's Prometheus pair (prometheus-a, prometheus-b; runbooks/SCALING.md).
 * Both run the same prometheus.yml; Swarm writes each service's own values in when a task starts.
 *
 * - `cluster`: the deployment, the same on both replicas (PORTTRACK_CLUSTER); alerts keep it.
 * - `replica`: which of the two scraped a series (PROMETHEUS_REPLICA, `a` or `b`), so that a
 *   long-term store or Thanos Query (`--query.replica-label=replica`) tells their series apart.
 *   Dropped from alerts: otherwise each replica's alert reaches Alertmanager with its own label set,
 *   hence its own fingerprint, and is notified twice.
 */
export const clusterLabel = 'cluster';
export const replicaLabel = 'replica';
