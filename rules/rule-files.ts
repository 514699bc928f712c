import { alertmanagerRules } from './alertmanager.ts';
import { apiRules } from './api.ts';
import type { RuleFileSpec } from './build/types.ts';
import { businessRules } from './business.ts';
import { containerRules } from './containers.ts';
import { durabilityRules } from './durability.ts';
import { exporterRules } from './exporters.ts';
import { nodeRules } from './node.ts';
import { notifierRules } from './notifier.ts';
import { postgresRules } from './postgres.ts';
import { prometheusRules } from './prometheus.ts';
import { publicEndpointRules } from './public-endpoint.ts';
import { redisRules } from './redis.ts';
import { sloRules } from './slo.ts';
import { syntheticRules } from './synthetics.ts';

/** Every rule file, in generation order. Add a domain here and it is generated, tested and validated. */
export const ruleFiles: readonly RuleFileSpec[] = [
  apiRules,
  sloRules,
  businessRules,
  nodeRules,
  containerRules,
  postgresRules,
  durabilityRules,
  redisRules,
  exporterRules,
  syntheticRules,
  publicEndpointRules,
  notifierRules,
  prometheusRules,
  alertmanagerRules,
];
