import { clusterLabel, replicaLabel } from '../lib/monitoring/index.ts';

const labelValue = /^[A-Za-z0-9._-]+$/;

/**
 * `npm start`'s Prometheus as one of a pair like the stack's (runbooks/SCALING.md): the stack's
 * own variables, PORTTRACK_CLUSTER and PROMETHEUS_REPLICA (docker-stack.yml), become its external
 * labels `cluster` and `replica`. Neither set: no external labels, as always. A replica without a
 * cluster gets cluster `local`. The GitHub Actions stack check starts it as replica `a`, beside a
 * replica `b` and Thanos Query (scripts/stack-check/thanos-up.sh).
 */
export function prometheusExternalLabels(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const cluster = env.PORTTRACK_CLUSTER ?? '';
  const replica = env.PROMETHEUS_REPLICA ?? '';
  if (!cluster && !replica) return undefined;
  for (const [name, value] of [
    ['PORTTRACK_CLUSTER', cluster],
    ['PROMETHEUS_REPLICA', replica],
  ] as const) {
    if (value && !labelValue.test(value))
      throw new Error(
        `${name}=${value}: expected letters, digits, '.', '_' or '-' (e.g. ${name === 'PROMETHEUS_REPLICA' ? 'a' : 'porttrack'})`,
      );
  }
  return { [clusterLabel]: cluster || 'local', ...(replica ? { [replicaLabel]: replica } : {}) };
}
